import { describe, expect, it } from 'vitest';
import {
  findAllowProblem,
  findCaseProblem,
  findCharsetProblem,
  findDenylistMatch,
  findSyntaxProblem,
  foldPath,
  quotePath,
} from './path-rules.js';

const none = { allow_subtree_agents: false, allow_paths: [] };

describe('path rules', () => {
  it('accepts the paths a proposal is meant to touch', () => {
    for (const path of [
      'AGENTS.md',
      '.codex/skills/review/SKILL.md',
      '.codex/skills/review/scripts/check-pr.py',
    ]) {
      expect([
        findSyntaxProblem(path),
        findCharsetProblem(path),
        findCaseProblem(path),
        findDenylistMatch(path),
      ]).toEqual([null, null, null, null]);
      expect(findAllowProblem(path, none)).toBeNull();
    }
  });

  it.each([
    '../x',
    'a/../../x',
    '/etc/passwd',
    'C:/x',
    'a\\b',
    'a//b',
    './a',
    'a/./b',
    'a/',
    '~/x',
    'a.',
    'a /b',
    '%2e%2e/x',
    'x\u0000y',
  ])('refuses the path %j as not relative and normalized', (path) => {
    expect(findSyntaxProblem(path)).not.toBeNull();
  });

  it('folds look-alikes, compatibility forms and case', () => {
    expect(foldPath('.codex/\u0455kills')).toBe('.codex/skills');
    expect(foldPath('\uff0eCODEX')).toBe('.codex');
    expect(findCaseProblem('.codex/SKILLS/x/SKILL.md')).toMatch(/case-insensitive/);
    expect(findCaseProblem('.codex/skills/x/skill.md')).toMatch(/SKILL\.md/);
    expect(findCharsetProblem('.codex/\u0455kills/x')).toMatch(/U\+0455, a look-alike/);
  });

  it.each([
    '.env',
    'config/.env.local',
    '.codex/skills/x/.ENV',
    'keys/server.KEY',
    'id_ed25519.pub',
    'credentials.yml',
    '.codex/skills/x/token.secret',
    'a/.git/HEAD',
    '.Git./config',
    '.git::$INDEX_ALLOCATION/config',
    '.git:stream/config',
    '.codex/skills/x/.env:secret',
    '.codex-orchestrator/x',
    '.ssh/config',
    '.codex/skills/x/tool.exe',
  ])('denies %s whatever else allows it', (path) => {
    expect(findDenylistMatch(path)).not.toBeNull();
  });

  it('allows subtree AGENTS.md and other paths only on opt-in', () => {
    expect(findAllowProblem('pkg/AGENTS.md', none)).toMatch(/subtree/);
    expect(findAllowProblem('pkg/AGENTS.md', { ...none, allow_subtree_agents: true })).toBeNull();
    expect(findAllowProblem('docs/a.md', none)).toMatch(/allowed paths/);
    expect(findAllowProblem('docs/a.md', { ...none, allow_paths: ['docs/**'] })).toBeNull();
    expect(findAllowProblem('docs/a.md', { ...none, allow_paths: ['docs/a.md'] })).toBeNull();
    expect(findAllowProblem('docsx/a.md', { ...none, allow_paths: ['docs/'] })).not.toBeNull();
    expect(findAllowProblem('.codex/skills', none)).not.toBeNull();
  });

  it('quotes paths so control characters cannot reach a terminal', () => {
    expect(quotePath('a\u001b[31mb\u0085')).toBe('"a\\u001b[31mb\\u0085"');
  });
});
