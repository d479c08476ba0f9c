import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitRepo, makeGitRepo } from '../../test/helpers/git-repo.js';
import { checkPatch } from './validate.js';

const PERMISSIONS = { allow_subtree_agents: false, allow_paths: [] };
const AGENTS = '# Agents\n\nRun npm test.\n';
const EDIT = '--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ -3 +3,2 @@\n Run npm test.\n+Keep commits small.\n';

function failed(verdict: Awaited<ReturnType<typeof checkPatch>>) {
  return verdict.checks
    .filter((check) => !check.ok && !(check.details as { skipped?: boolean })?.skipped)
    .map((check) => check.id);
}

describe('checkPatch reads the result, not the diff', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = makeGitRepo({
      'AGENTS.md': AGENTS,
      '.codex/skills/review/SKILL.md': '---\nname: review\ndescription: d\n---\n',
    });
  });
  afterEach(() => repo.cleanup());

  it('refuses a 2.5 GiB file it is asked to edit without reading it, and ignores one it is not', async () => {
    const huge = join(repo.dir, '.codex/skills/review/notes.md');
    writeFileSync(huge, 'notes\n');
    truncateSync(huge, 2.5 * 1024 ** 3);
    const edit = await checkPatch(
      repo.dir,
      '--- a/.codex/skills/review/notes.md\n+++ b/.codex/skills/review/notes.md\n@@ -1 +1 @@\n-notes\n+Notes\n',
      PERMISSIONS,
    );
    expect(failed(edit)).toEqual(['limits_file_size']);
    expect(edit.checks.find((check) => check.id === 'limits_file_size')?.message).toMatch(
      /is already 2\.5 GiB, over the 64 KiB limit/,
    );
    const beside = await checkPatch(repo.dir, EDIT, PERMISSIONS);
    expect(beside.ok).toBe(true);
    expect(beside.writes?.map((write) => write.path)).toEqual(['AGENTS.md']);
  });

  it('finds a credential in what is written, and leaves one the file already held alone', async () => {
    writeFileSync(
      join(repo.dir, 'AGENTS.md'),
      `${AGENTS}Deploy key: ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n`,
    );
    const untouched = await checkPatch(repo.dir, EDIT, PERMISSIONS);
    expect(untouched.ok).toBe(true);
    const added = await checkPatch(
      repo.dir,
      `${EDIT}+token = 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n`,
      PERMISSIONS,
    );
    expect(failed(added)).toEqual(['no_secrets']);
    expect(added.checks.find((check) => check.id === 'no_secrets')?.message).toMatch(/at line 5/);
  });

  it('says a change that has to match a masked credential needs editing by hand', async () => {
    writeFileSync(join(repo.dir, 'AGENTS.md'), `${AGENTS}Key: ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8\n`);
    const verdict = await checkPatch(
      repo.dir,
      '--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ -4 +4 @@\n-Key: [REDACTED:github_token]\n+Key: in the vault.\n',
      PERMISSIONS,
    );
    expect(failed(verdict)).toEqual(['needs_secret']);
    expect(verdict.checks.find((check) => check.id === 'needs_secret')?.message).toMatch(
      /edit "AGENTS.md" by hand/,
    );
  });

  it('lets a CRLF line end in CR, but not hold one inside it or at an open end', async () => {
    writeFileSync(join(repo.dir, 'AGENTS.md'), AGENTS.replaceAll('\n', '\r\n'));
    const crlf = '--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ -3 +3,2 @@\n Run npm test.\r\n';
    expect((await checkPatch(repo.dir, `${crlf}+Keep commits small.\r\n`, PERMISSIONS)).ok).toBe(true);
    expect(failed(await checkPatch(repo.dir, `${crlf}+Keep\rcommits small.\r\n`, PERMISSIONS))).toEqual([
      'no_hidden_text',
    ]);
    const open = await checkPatch(
      repo.dir,
      `${crlf}+Keep commits small.\r\n\\ No newline at end of file\n`,
      PERMISSIONS,
    );
    expect(failed(open)).toEqual(['no_hidden_text']);
  });
});
