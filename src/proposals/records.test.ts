import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitRepo } from '../../test/helpers/git-repo.js';
import {
  loadFixture,
  makeFixtureRepo,
  nextProposalId,
  placeOf,
  proposalInput,
  refusal,
  TEST_SESSION,
} from '../../test/helpers/patch-fixtures.js';
import { checkPatch, formatPatch, parsePatch } from '../patch/index.js';
import { applyProposal } from '../workflows/apply/apply.js';
import { type ProposalPlace, proposalDir, proposalStateDir } from './place.js';
import {
  createProposal,
  markProposalFailed,
  requireProposal,
  saveProposalPlaceholder,
  validateProposalDiff,
} from './records.js';

let repo: GitRepo;
let place: ProposalPlace;
beforeEach(() => {
  repo = makeFixtureRepo();
  place = placeOf(repo);
});

function canonical(diff: string): string {
  const parsed = parsePatch(diff);
  if (!parsed.ok) throw new Error(parsed.reason);
  return formatPatch(parsed.files);
}
afterEach(() => repo.cleanup());

const placeholder = (id: string) => ({
  proposal_id: id,
  session_id: TEST_SESSION,
  insight_artifact_id: null,
  job_id: 'job-20261122T031500123Z-0000abcd',
  mode: 'fork' as const,
  prompt: 'Propose skill changes.',
  model: null,
  options: { allow_subtree_agents: true },
});

describe('proposal storage', () => {
  it('writes proposal.diff and meta.json under .codex-orchestrator/proposals/<id>, leaving no temp files', async () => {
    const id = nextProposalId();
    const diff = loadFixture('good', 'edit-agents').diff;
    const meta = await createProposal(place, proposalInput(id, diff));
    const dir = join(repo.dir, '.codex-orchestrator/proposals', id);
    expect(proposalDir(repo.dir, id)).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual(['meta.json', 'proposal.diff']);
    expect(readFileSync(join(dir, 'proposal.diff'), 'utf8')).toBe(canonical(diff));
    expect(readdirSync(await proposalStateDir(place, id)).sort()).toEqual(['record.json']);
    expect(JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))).toEqual(meta);
    expect(meta).toMatchObject({ status: 'generated', files_touched: ['AGENTS.md'], mode: 'fork' });
    expect(meta.base).toEqual([{ path: 'AGENTS.md', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(await requireProposal(place, id)).toMatchObject({
      diff: canonical(diff),
      trusted: true,
      problems: [],
    });
  });

  it('follows a placeholder through generation, keeping its creation time and audit', async () => {
    const id = nextProposalId();
    const waiting = await saveProposalPlaceholder(place, placeholder(id));
    expect(waiting.status).toBe('generating');
    expect((await requireProposal(place, id)).diff).toBe('');
    const done = await createProposal(place, {
      ...proposalInput(id, loadFixture('good', 'subtree-agents-with-opt-in').diff),
      options: { allow_subtree_agents: true },
    });
    expect(done.status).toBe('generated');
    expect(done.created_at).toBe(waiting.created_at);
    expect(done.audit.map((entry) => entry.action)).toEqual(['created', 'created', 'validated']);
    expect(done.validation?.ok).toBe(true);
    const again = await saveProposalPlaceholder(place, placeholder(id));
    expect(again).toEqual(done);
    expect(await markProposalFailed(place, id, { code: 'timeout', message: 'late' })).toEqual(done);
  });

  it('marks a proposal whose job failed, with the reason redacted, and refuses to apply it', async () => {
    const id = nextProposalId();
    await saveProposalPlaceholder(place, placeholder(id));
    const failed = await markProposalFailed(place, id, {
      code: 'codex_failed',
      message: 'codex exited: bad key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
    });
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('[REDACTED');
    expect(readFileSync(join(proposalDir(repo.dir, id), 'meta.json'), 'utf8')).not.toContain('sk-proj-');
    const error = await refusal(applyProposal(place, id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['proposal_failed', 409]);
  });

  it('refuses to overwrite a proposal that has an answer', async () => {
    const id = nextProposalId();
    await createProposal(place, proposalInput(id, loadFixture('good', 'edit-agents').diff));
    const error = await refusal(createProposal(place, proposalInput(id, '')));
    expect([error.code, error.status]).toEqual(['proposal_exists', 409]);
  });

  it('stores an empty diff as no_change, which cannot be applied', async () => {
    const id = nextProposalId();
    const meta = await createProposal(place, proposalInput(id, '\n'));
    expect(meta.status).toBe('no_change');
    expect(meta.validation?.checks.map((check) => [check.id, check.ok])).toEqual([
      ['untrusted_state', true],
      ['has_changes', false],
    ]);
    const error = await refusal(applyProposal(place, id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['nothing_to_apply', 422]);
    const fenced = await createProposal(place, proposalInput(nextProposalId(), '```diff\n```\n'));
    expect(fenced.status).toBe('no_change');
    expect(fenced.validation?.checks.map((check) => check.id)).toEqual(['untrusted_state', 'has_changes']);
  });

  it('never stores a credential from the answer', async () => {
    const id = nextProposalId();
    const secret = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const diff = `--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ -3 +3,2 @@\n Run npm test before you commit.\n+Use GITHUB_TOKEN=${secret} to publish.\n`;
    const meta = await createProposal(place, {
      ...proposalInput(id, diff),
      summary: `Adds the token ${secret}`,
      safety_notes: [`contains ${secret}`],
    });
    const dir = proposalDir(repo.dir, id);
    for (const file of ['meta.json', 'proposal.diff']) {
      expect(readFileSync(join(dir, file), 'utf8')).not.toContain(secret);
    }
    expect(meta.validation?.checks.find((check) => check.id === 'no_secrets')?.ok).toBe(false);
  });

  it('refuses allowed paths that are not safe relative paths', async () => {
    const error = await refusal(
      createProposal(place, proposalInput(nextProposalId(), '', { allow_paths: ['../outside/'] })),
    );
    expect([error.code, error.status]).toEqual(['invalid_allow_path', 400]);
  });

  it('refuses to store proposals through a symlinked .codex-orchestrator', async () => {
    mkdirSync(join(repo.outside, 'elsewhere'));
    symlinkSync(join(repo.outside, 'elsewhere'), join(repo.dir, '.codex-orchestrator'));
    const error = await refusal(createProposal(place, proposalInput(nextProposalId(), '')));
    expect(error.code).toBe('unsafe_storage');
    expect(readdirSync(join(repo.outside, 'elsewhere'))).toEqual([]);
  });

  it('answers 404 for an unknown proposal; a hand-broken meta.json is reported and ignored, a damaged record named', async () => {
    const missing = await refusal(requireProposal(place, nextProposalId()));
    expect([missing.code, missing.status]).toEqual(['proposal_not_found', 404]);
    const id = nextProposalId();
    const meta = await createProposal(place, proposalInput(id, loadFixture('good', 'edit-agents').diff));
    writeFileSync(join(proposalDir(repo.dir, id), 'meta.json'), '{"proposal_id": 1}');
    const loaded = await requireProposal(place, id);
    expect(loaded).toMatchObject({ meta, trusted: true });
    expect(loaded.problems).toEqual([expect.stringMatching(/meta\.json was changed outside codex-retro/)]);
    writeFileSync(join(await proposalStateDir(place, id), 'record.json'), '{"meta": 1}');
    const corrupt = await refusal(requireProposal(place, id));
    expect([corrupt.code, corrupt.status]).toEqual(['proposal_corrupt', 422]);
  });

  it('refuses a folder it has no record of whose meta.json names another proposal, as untrusted, never a server error', async () => {
    const id = nextProposalId();
    await createProposal(place, proposalInput(id, loadFixture('good', 'edit-agents').diff));
    const copy = nextProposalId();
    mkdirSync(proposalDir(repo.dir, copy), { recursive: true });
    for (const name of ['meta.json', 'proposal.diff']) {
      writeFileSync(
        join(proposalDir(repo.dir, copy), name),
        readFileSync(join(proposalDir(repo.dir, id), name)),
      );
    }
    // Each attempt started only when awaited: a refusal made before its turn would go unhandled meanwhile.
    for (const attempt of [
      () => requireProposal(place, copy),
      () => applyProposal(place, copy, { confirm: true }),
    ]) {
      const refused = await refusal(attempt());
      expect([refused.code, refused.status]).toEqual(['proposal_corrupt', 422]);
      expect(refused.message).toMatch(new RegExp(`no record of proposal ${copy}.*names proposal ${id}`));
      expect(refused.details?.checks).toEqual([
        expect.objectContaining({ id: 'untrusted_state', ok: false }),
      ]);
    }
  });

  it('shows a proposal folder it has no record of as untrusted, and its checks say so', async () => {
    const id = nextProposalId();
    const other = { ...place, stateDir: join(repo.outside, 'another-state') };
    await createProposal(
      other,
      proposalInput(id, loadFixture('good', 'edit-agents').diff, { allow_paths: ['src/'] }),
    );
    const loaded = await requireProposal(place, id);
    expect(loaded.trusted).toBe(false);
    const { result } = await validateProposalDiff(place, loaded, loaded.diff, loaded.meta.options);
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({
      id: 'untrusted_state',
      ok: false,
      message: expect.stringMatching(/no record of proposal/),
    });
  });
});

describe('validation against the tree as it is now', () => {
  it('turns stale when a touched file changes, and says to regenerate', async () => {
    const id = nextProposalId();
    await createProposal(place, proposalInput(id, loadFixture('good', 'edit-agents').diff));
    const validate = async () => {
      const loaded = await requireProposal(place, id);
      return (await validateProposalDiff(place, loaded, loaded.diff, loaded.meta.options, loaded.meta.base))
        .result;
    };
    expect((await validate()).stale).toBe(false);
    writeFileSync(join(repo.dir, 'AGENTS.md'), '# Agents\n\nRun npm test before you commit.\n\nNew rule.\n');
    const result = await validate();
    expect(result).toMatchObject({ ok: false, stale: true });
    expect(result.checks.find((check) => check.id === 'fresh')?.message).toMatch(/regenerate it/);
  });

  it('validates a diff without a base (no freshness check) and never writes', async () => {
    const before = repo.snapshot();
    const result = await checkPatch(repo.dir, loadFixture('good', 'add-skill').diff, {
      allow_subtree_agents: false,
      allow_paths: [],
    });
    expect(result.ok).toBe(true);
    expect(result.checks.some((check) => check.id === 'fresh')).toBe(false);
    expect(repo.snapshot()).toEqual(before);
    expect(existsSync(join(repo.dir, '.codex-orchestrator'))).toBe(false);
  });
});

describe('locks', () => {
  it('clears a lock left by a process that no longer runs', async () => {
    const id = nextProposalId();
    await createProposal(place, proposalInput(id, loadFixture('good', 'edit-agents').diff));
    writeFileSync(
      join(await proposalStateDir(place, id), '.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, at: 'then' }),
    );
    await expect(applyProposal(place, id, { confirm: true })).resolves.toMatchObject({ applied: true });
    expect(existsSync(join(await proposalStateDir(place, id), '.lock'))).toBe(false);
  });

  it('clears a half-written lock once it is old, but not while it is fresh', async () => {
    const id = nextProposalId();
    await createProposal(place, proposalInput(id, loadFixture('good', 'edit-agents').diff));
    const lock = join(await proposalStateDir(place, id), '.lock');
    writeFileSync(lock, '');
    const fresh = await refusal(applyProposal(place, id, { confirm: true }));
    expect(fresh.code).toBe('apply_in_progress');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    await expect(applyProposal(place, id, { confirm: true })).resolves.toMatchObject({ applied: true });
  });

  it('respects a lock held by a live process', async () => {
    const id = nextProposalId();
    await createProposal(place, proposalInput(id, loadFixture('good', 'edit-agents').diff));
    writeFileSync(
      join(await proposalStateDir(place, id), '.lock'),
      JSON.stringify({ pid: process.pid, at: 'now' }),
    );
    const error = await refusal(applyProposal(place, id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['apply_in_progress', 409]);
  });
});
