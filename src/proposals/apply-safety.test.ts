import { execFile } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitRepo } from '../../test/helpers/git-repo.js';
import {
  loadFixture,
  makeFixtureRepo,
  nextProposalId,
  proposalInput,
  refusal,
} from '../../test/helpers/patch-fixtures.js';
import type { RetroError } from '../errors.js';
import { type ApplyRunner, gitRunner } from './apply.js';
import { applyProposal, createProposal, readProposal, revertProposal } from './index.js';

const run = promisify(execFile);
let repo: GitRepo;

beforeEach(() => {
  repo = makeFixtureRepo();
});
afterEach(() => repo.cleanup());

async function propose(fixture: string): Promise<string> {
  const id = nextProposalId();
  const meta = await createProposal(repo.dir, proposalInput(id, loadFixture('good', fixture).diff));
  expect(meta.validation?.ok).toBe(true);
  return id;
}

const snapshot = () => repo.snapshot({ ignore: ['.codex-orchestrator'] });

describe('apply is all or nothing', () => {
  it('restores the first file when the second one fails half-way through the write', async () => {
    const id = await propose('miscounted-hunks');
    const before = snapshot();
    // git writes every file, then the second one is found damaged, as after a full disk.
    const failing: ApplyRunner = {
      apply: async (root, patch, reverse) => {
        const result = await gitRunner.apply(root, patch, reverse);
        writeFileSync(join(root, '.codex/skills/review/SKILL.md'), 'half written');
        return { ...result, code: 1, stderr: 'error: unable to write file' };
      },
    };
    const error = await refusal(applyProposal(repo.dir, id, { confirm: true }, failing));
    expect(error.code).toBe('apply_failed');
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(
      '# Agents\n\nRun npm test before you commit.\n',
    );
    expect(snapshot()).toEqual(before);
    const { meta } = await readProposal(repo.dir, id);
    expect(meta.status).toBe('generated');
    expect(meta.audit.at(-1)).toMatchObject({ action: 'apply_refused', detail: { reason: 'apply_failed' } });
  });

  it('restores every file when git reports success but a file is not what was validated', async () => {
    const id = await propose('rename-within-skills');
    const before = snapshot();
    const tampering: ApplyRunner = {
      apply: async (root, patch, reverse) => {
        const result = await gitRunner.apply(root, patch, reverse);
        appendFileSync(join(root, '.codex/skills/review/references/review-checklist.md'), 'extra\n');
        return result;
      },
    };
    const error = await refusal(applyProposal(repo.dir, id, { confirm: true }, tampering));
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
      const { applyProposal, gitRunner } = await import(${JSON.stringify(apply)});
      const dying = { apply: async (...args) => { await gitRunner.apply(...args); process.exit(7); } };
      await applyProposal(${JSON.stringify(repo.dir)}, ${JSON.stringify(id)}, { confirm: true }, dying);`;
    const died = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(died).toBe(7);
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8')).toContain('npm run lint');

    let seenByGit = '';
    const watching: ApplyRunner = {
      apply: async (root, patch, reverse) => {
        seenByGit = readFileSync(join(root, 'AGENTS.md'), 'utf8');
        return gitRunner.apply(root, patch, reverse);
      },
    };
    await applyProposal(repo.dir, id, { confirm: true }, watching);
    expect(seenByGit).toBe(Buffer.from(before.files['AGENTS.md']!.content, 'base64').toString('utf8'));
    const { meta } = await readProposal(repo.dir, id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.map((entry) => entry.action)).toEqual([
      'created',
      'validated',
      'apply_refused',
      'validated',
      'applied',
    ]);
    expect(meta.audit[2]?.detail).toMatchObject({ reason: 'interrupted' });
    await revertProposal(repo.dir, id, { confirm: true });
    expect(snapshot()).toEqual(before);
  }, 30_000);
});

describe('apply refuses', () => {
  it('without confirmation, changing nothing', async () => {
    const id = await propose('edit-agents');
    const before = snapshot();
    const error = await refusal(applyProposal(repo.dir, id, { confirm: false }));
    expect([error.code, error.status]).toEqual(['confirmation_required', 400]);
    expect(snapshot()).toEqual(before);
    expect((await readProposal(repo.dir, id)).meta.status).toBe('generated');
  });

  it('a second apply with 409 already_applied', async () => {
    const id = await propose('edit-agents');
    await applyProposal(repo.dir, id, { confirm: true });
    const applied = snapshot();
    const error = await refusal(applyProposal(repo.dir, id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['already_applied', 409]);
    expect(snapshot()).toEqual(applied);
  });

  it('an unknown proposal with 404', async () => {
    const error = await refusal(applyProposal(repo.dir, nextProposalId(), { confirm: true }));
    expect([error.code, error.status]).toEqual(['proposal_not_found', 404]);
  });

  it('an id that is not a proposal id before touching any path', async () => {
    const error = await refusal(applyProposal(repo.dir, '../../etc', { confirm: true }));
    expect([error.code, error.status]).toEqual(['invalid_id', 400]);
  });
});

describe('concurrent applies', () => {
  it('apply exactly once when started together in one process', async () => {
    const id = await propose('edit-agents');
    const outcomes = await Promise.allSettled([
      applyProposal(repo.dir, id, { confirm: true }),
      applyProposal(repo.dir, id, { confirm: true }),
      applyProposal(repo.dir, id, { confirm: true }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected.map((o) => (o.reason as RetroError).status)).toEqual([409, 409]);
    expect(readFileSync(join(repo.dir, 'AGENTS.md'), 'utf8').match(/npm run lint/g)).toHaveLength(1);
    const { meta } = await readProposal(repo.dir, id);
    expect(meta.audit.filter((entry) => entry.action === 'applied')).toHaveLength(1);
  });

  it('apply exactly once when two processes race', async () => {
    const id = await propose('add-skill');
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const startAt = Date.now() + 2500;
    const script = `
      const { applyProposal } = await import(${JSON.stringify(index)});
      await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
      try { await applyProposal(${JSON.stringify(repo.dir)}, ${JSON.stringify(id)}, { confirm: true }); console.log('applied'); }
      catch (error) { console.log(error.status + ' ' + error.code); }`;
    const racer = () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    const results = await Promise.all([racer(), racer()]);
    const lines = results.map((result) => result.stdout.trim());
    expect(lines.filter((line) => line === 'applied')).toHaveLength(1);
    expect(lines.find((line) => line !== 'applied')).toMatch(/^409 (apply_in_progress|already_applied)$/);
    const { meta } = await readProposal(repo.dir, id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.filter((entry) => entry.action === 'applied')).toHaveLength(1);
  }, 30_000);

  it('two different proposals both apply, one after the other', async () => {
    const first = await propose('edit-agents');
    const second = await propose('add-skill');
    const results = await Promise.all([
      applyProposal(repo.dir, first, { confirm: true }),
      applyProposal(repo.dir, second, { confirm: true }),
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
    await applyProposal(repo.dir, id, { confirm: true });
    appendFileSync(join(repo.dir, 'AGENTS.md'), 'A later edit by hand.\n');
    const before = snapshot();
    const error = await refusal(revertProposal(repo.dir, id, { confirm: true }));
    expect([error.code, error.status]).toEqual(['files_changed_since_apply', 409]);
    expect(error.message).toContain('AGENTS.md');
    expect(snapshot()).toEqual(before);
    const { meta } = await readProposal(repo.dir, id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.at(-1)?.action).toBe('revert_refused');
  });

  it('refuses a proposal that was never applied, and without confirmation', async () => {
    const id = await propose('edit-agents');
    const notApplied = await refusal(revertProposal(repo.dir, id, { confirm: true }));
    expect([notApplied.code, notApplied.status]).toEqual(['not_applied', 409]);
    await applyProposal(repo.dir, id, { confirm: true });
    const unconfirmed = await refusal(revertProposal(repo.dir, id, { confirm: false }));
    expect(unconfirmed.code).toBe('confirmation_required');
  });

  it('refuses when proposal.diff was edited after apply to name another file', async () => {
    const id = await propose('edit-agents');
    await applyProposal(repo.dir, id, { confirm: true });
    const diffPath = join(repo.dir, '.codex-orchestrator/proposals', id, 'proposal.diff');
    writeFileSync(diffPath, readFileSync(diffPath, 'utf8').replaceAll('AGENTS.md', 'src/index.ts'));
    const before = snapshot();
    const error = await refusal(revertProposal(repo.dir, id, { confirm: true }));
    expect(error.code).toBe('revert_refused');
    expect(snapshot()).toEqual(before);
  });

  it('can apply again after a revert', async () => {
    const id = await propose('edit-agents');
    await applyProposal(repo.dir, id, { confirm: true });
    await revertProposal(repo.dir, id, { confirm: true });
    await applyProposal(repo.dir, id, { confirm: true });
    const { meta } = await readProposal(repo.dir, id);
    expect(meta.status).toBe('applied');
    expect(meta.audit.filter((entry) => entry.action === 'applied')).toHaveLength(2);
  });
});
