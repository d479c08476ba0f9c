import { chmodSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitRepo, git, makeGitRepo } from './git-repo.js';

let repo: GitRepo;
beforeEach(() => {
  repo = makeGitRepo({ 'a.md': 'a\n', 'dir/b.md': 'b\n' });
  symlinkSync('a.md', join(repo.dir, 'link'));
});
afterEach(() => repo.cleanup());

describe('makeGitRepo snapshot', () => {
  it('is stable when nothing changes', () => {
    expect(repo.snapshot()).toEqual(repo.snapshot());
    expect(git(repo.dir, ['log', '--format=%an']).trim()).toBe('Test');
  });

  it.each([
    ['one byte of a tracked file', () => writeFileSync(join(repo.dir, 'a.md'), 'b\n')],
    ['a file mode', () => chmodSync(join(repo.dir, 'a.md'), 0o755)],
    ['an untracked file', () => writeFileSync(join(repo.dir, 'new.txt'), '')],
    [
      'a symlink target',
      () => {
        unlinkSync(join(repo.dir, 'link'));
        symlinkSync('dir/b.md', join(repo.dir, 'link'));
      },
    ],
    ['the index', () => git(repo.dir, ['rm', '-q', '--cached', 'a.md'])],
    ['an emptied folder', () => rmSync(join(repo.dir, 'dir/b.md'))],
  ])('sees a change to %s', (_, change) => {
    const before = repo.snapshot();
    change();
    expect(repo.snapshot()).not.toEqual(before);
  });

  it('leaves ignored prefixes out of the file listing only', () => {
    const before = repo.snapshot({ ignore: ['dir'] });
    writeFileSync(join(repo.dir, 'dir/b.md'), 'changed\n');
    expect(repo.snapshot({ ignore: ['dir'] }).files).toEqual(before.files);
  });
});
