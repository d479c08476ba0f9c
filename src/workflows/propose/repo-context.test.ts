import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitRepo, makeGitRepo } from '../../../test/helpers/git-repo.js';
import { formatRepoContext, readRepoContext } from './repo-context.js';

describe('repository context for proposals', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = makeGitRepo({
      'AGENTS.md': '# Agents\nUse GITHUB_TOKEN=ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 for CI.\n',
      '.codex/skills/dates/SKILL.md': '---\nname: dates\ndescription: d\n---\n',
      '.codex/skills/dates/scripts/check.sh': 'echo ok\n',
      'pkg/AGENTS.md': '# pkg\n',
      'src/index.ts': 'export {};\n',
    });
  });
  afterEach(() => repo.cleanup());

  it('reads AGENTS.md and every skill file, redacted; subtree AGENTS.md only when allowed', async () => {
    const plain = await readRepoContext(repo.dir, { subtreeAgents: false });
    expect(plain.files.map((f) => f.path).sort()).toEqual(
      ['AGENTS.md', '.codex/skills/dates/SKILL.md', '.codex/skills/dates/scripts/check.sh'].sort(),
    );
    const text = formatRepoContext(plain);
    expect(text).toContain('=== AGENTS.md ===');
    expect(text).not.toContain('ghp_a1B2');
    const subtree = await readRepoContext(repo.dir, { subtreeAgents: true });
    expect(subtree.files.map((f) => f.path)).toContain('pkg/AGENTS.md');
  });

  it('never follows a symlink out of the repository, and says what it left out', async () => {
    await mkdir(join(repo.outside, 'elsewhere'));
    await writeFile(join(repo.outside, 'elsewhere', 'secret.txt'), 'outside the repo');
    await symlink(join(repo.outside, 'elsewhere'), join(repo.dir, '.codex', 'skills', 'linked'));
    await symlink(
      join(repo.outside, 'elsewhere', 'secret.txt'),
      join(repo.dir, '.codex', 'skills', 'dates', 'notes.md'),
    );
    const context = await readRepoContext(repo.dir, { subtreeAgents: false });
    expect(formatRepoContext(context)).not.toContain('outside the repo');
    expect(context.skipped).toContainEqual({ path: '.codex/skills/dates/notes.md', reason: 'symlink' });
    expect(context.skipped).toContainEqual({ path: '.codex/skills/linked', reason: 'symlink' });
  });

  it('does not read a symlinked skills directory at all', async () => {
    const other = makeGitRepo({ 'AGENTS.md': '# a\n' });
    try {
      await symlink(join(repo.dir, '.codex'), join(other.dir, '.codex'));
      const context = await readRepoContext(other.dir, { subtreeAgents: false });
      expect(context.files.map((f) => f.path)).toEqual(['AGENTS.md']);
      expect(context.skipped).toEqual([{ path: '.codex', reason: 'symlink' }]);
    } finally {
      other.cleanup();
    }
  });

  it('reads only the head of a huge skill file (2.5 GiB, sparse), never all of it', async () => {
    const big = join(repo.dir, '.codex', 'skills', 'dates', 'huge.md');
    await writeFile(big, 'A huge reference.\n');
    await truncate(big, 2.5 * 1024 ** 3);
    const context = await readRepoContext(repo.dir, { subtreeAgents: false });
    expect(context.skipped).toContainEqual({ path: '.codex/skills/dates/huge.md', reason: 'binary' });
    expect(context.files.map((f) => f.path)).toContain('AGENTS.md');
  });

  it('says so when there is nothing yet', async () => {
    const empty = makeGitRepo({ 'README.md': 'x\n' });
    try {
      expect(formatRepoContext(await readRepoContext(empty.dir, { subtreeAgents: false }))).toMatch(
        /no AGENTS.md and no skills/,
      );
    } finally {
      empty.cleanup();
    }
  });
});
