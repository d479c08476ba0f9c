import { describe, expect, it } from 'vitest';
import { assistant, call, makeSession, user } from '../../test/helpers/analytics.js';
import { prepareSession } from './prepare.js';
import { computeProjects, normalizeRepository } from './projects.js';

describe('normalizeRepository', () => {
  it.each([
    ['git@github.com:openai/codex.git', 'github.com/openai/codex'],
    ['https://github.com/openai/codex.git', 'github.com/openai/codex'],
    ['https://jamie:hunter2@github.com/openai/codex', 'github.com/openai/codex'],
    ['ssh://git@gitlab.example.com:2222/team/app.git/', 'gitlab.example.com:2222/team/app'],
  ])('%s → %s', (url, name) => {
    expect(normalizeRepository(url)).toBe(name);
  });
});

describe('computeProjects', () => {
  it('groups sessions by repository and by working directory', () => {
    const git = { repository_url: 'git@github.com:acme/shop.git' };
    const sessions = [
      makeSession('a', [user(0), call(1, 'c1', 'exec_command', { cmd: 'ls' }), assistant(10)], {
        meta: { git, cwd: '/src/shop' },
      }),
      makeSession('b', [user(0), user(5), assistant(20)], { meta: { git, cwd: '/src/shop/web' } }),
      makeSession('c', [user(0)], { meta: { cwd: '/tmp' } }),
    ].map(prepareSession);
    const projects = computeProjects(sessions);
    expect(projects.repositories).toEqual([
      { name: 'github.com/acme/shop', sessions: 2, user_messages: 3, tool_calls: 1, active_ms: 30 * 60_000 },
      { name: '(none)', sessions: 1, user_messages: 1, tool_calls: 0, active_ms: 0 },
    ]);
    expect(projects.directories.map((d) => [d.name, d.sessions])).toEqual([
      ['/src/shop/web', 1],
      ['/src/shop', 1],
      ['/tmp', 1],
    ]);
  });
});
