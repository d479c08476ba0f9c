import { describe, expect, it } from 'vitest';
import { normalizeRemoteUrl, remoteName } from './remote-url.js';

describe('normalizeRemoteUrl', () => {
  it.each([
    ['git@github.com:Owner/Repo.git', 'github.com/owner/repo'],
    ['https://github.com/owner/repo', 'github.com/owner/repo'],
    ['https://github.com/owner/repo.git/', 'github.com/owner/repo'],
    ['ssh://git@github.com:22/owner/repo.git', 'github.com/owner/repo'],
    ['https://x-access-token:ghp_abc@github.com/owner/repo.git', 'github.com/owner/repo'],
    ['https://[REDACTED:github_token]@github.com/owner/repo', 'github.com/owner/repo'],
    ['git@gitlab.example.com:group/sub/repo.git', 'gitlab.example.com/group/sub/repo'],
  ])('%s is %s', (url, key) => {
    expect(normalizeRemoteUrl(url)).toBe(key);
  });

  it.each([null, '', '   ', '/srv/git/repo.git', 'C:/repos/x', 'file:///srv/git/repo.git', 'not a url'])(
    'is null for %j',
    (url) => {
      expect(normalizeRemoteUrl(url)).toBeNull();
    },
  );

  it('names the repository as the last part of the key', () => {
    expect(remoteName('github.com/owner/repo')).toBe('repo');
  });
});
