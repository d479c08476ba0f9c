import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitRepo, makeGitRepo } from '../../test/helpers/git-repo.js';
import { placeOf } from '../../test/helpers/patch-fixtures.js';
import { main } from '../cli.js';
import { newProposalId } from '../ids.js';
import { createProposal } from '../proposals/records.js';

const SESSION = '019a1111-2222-7333-8444-555566667777';

async function run(argv: string[], cwd: string, stateDir: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await main(argv, {
    stdout,
    stderr,
    env: { ...process.env, CODEX_RETRO_STATE_DIR: stateDir },
    cwd,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function propose(repo: GitRepo, diff: string): Promise<string> {
  const id = newProposalId();
  await createProposal(placeOf(repo), {
    proposal_id: id,
    session_id: SESSION,
    insight_artifact_id: null,
    job_id: null,
    mode: 'fork',
    diff,
    summary: 'a change',
    files_touched: [],
    safety_notes: [],
    codex_thread_id: null,
    prompt: null,
    model: null,
  });
  return id;
}

describe('proposals apply', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = makeGitRepo({ 'AGENTS.md': '# Agents\n' });
  });
  afterEach(() => repo.cleanup());
  const state = () => placeOf(repo).stateDir;

  it('reviews the canonical diff (recounted), names every path and how it changes, then applies exactly that', async () => {
    const diff =
      '--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ -1,1 +1,2 @@\n # Agents\n+one\n+two\n+three\n' +
      'diff --git a/.codex/skills/x/SKILL.md b/.codex/skills/x/SKILL.md\nnew file mode 100644\n--- /dev/null\n+++ b/.codex/skills/x/SKILL.md\n@@ -0,0 +1,4 @@\n+---\n+name: x\n+description: An example.\n+---\n';
    const id = await propose(repo, diff);
    const shown = await run(['proposals', 'apply', id], repo.dir, state());
    expect(shown.code).toBe(0);
    const review = shown.stdout.slice(0, shown.stdout.indexOf(`Proposal ${id}:`));
    expect(review).toContain('@@ -1,1 +1,4 @@\n # Agents\n+one\n+two\n+three\n');
    expect(shown.stdout).toContain('  modify AGENTS.md\n  add .codex/skills/x/SKILL.md\n');
    expect(shown.stdout).toContain(
      'Recounted: AGENTS.md: the diff said @@ -1,1 +1,2 @@; its lines make it @@ -1,1 +1,4 @@',
    );
    const applied = await run(['proposals', 'apply', id, '--yes'], repo.dir, state());
    expect(applied.code).toBe(0);
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe('# Agents\none\ntwo\nthree\n');
  });

  it('exits non-zero and changes nothing when validation fails, with or without --yes', async () => {
    const id = await propose(repo, '--- a/src/index.ts\n+++ b/src/index.ts\n@@ -0,0 +1 @@\n+evil\n');
    const before = repo.snapshot({ ignore: ['.codex-orchestrator'] });
    const shown = await run(['proposals', 'apply', id, '--repo', repo.dir], repo.outside, state());
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain('Validation: FAILED');
    expect(shown.stdout).toMatch(/✗ /);
    expect(shown.stdout).toContain('Nothing was changed');
    const forced = await run(['proposals', 'apply', id, '--yes'], repo.dir, state());
    expect(forced.code).toBe(1);
    expect(forced.stderr.trim().split('\n')).toHaveLength(1);
    expect(repo.snapshot({ ignore: ['.codex-orchestrator'] })).toEqual(before);
  });

  it('refuses a malformed id and a directory outside any git repository with one line each', async () => {
    const bad = await run(['proposals', 'apply', '../../etc/passwd'], repo.dir, state());
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/is not a proposal id/);
    const outside = await run(
      ['proposals', 'apply', newProposalId(), '--repo', repo.outside],
      repo.dir,
      state(),
    );
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/not inside a git repository/);
  });
});
