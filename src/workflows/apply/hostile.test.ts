import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GitRepo } from '../../../test/helpers/git-repo.js';
import {
  listFixtures,
  loadFixture,
  makeFixtureRepo,
  type PatchFixture,
  placeOf,
  proposalInput,
} from '../../../test/helpers/patch-fixtures.js';
import { isRetroError, type RetroError } from '../../errors.js';
import type { ValidationCheck } from '../../proposals/meta.js';
import { createProposal, requireProposal } from '../../proposals/records.js';
import { applyProposal } from './apply.js';

async function rejection(promise: Promise<unknown>): Promise<RetroError> {
  try {
    await promise;
  } catch (error) {
    if (isRetroError(error)) return error;
    throw error;
  }
  throw new Error('expected the apply to be refused, but it succeeded');
}

const names = listFixtures('hostile');

describe('hostile patches', () => {
  it('has at least 40 cases, one file each', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
  });

  it.concurrent.each(names)('%s is refused for its reason and changes nothing', async (name) => {
    const fixture = loadFixture('hostile', name);
    const repo = makeFixtureRepo(fixture);
    try {
      await expectRefused(repo, name, fixture);
    } finally {
      repo.cleanup();
    }
  });
});

async function expectRefused(repo: GitRepo, name: string, fixture: PatchFixture): Promise<void> {
  const proposalId = `prop-20261122T031500123Z-${(names.indexOf(name) + 0x1000).toString(16).padStart(8, '0')}`;
  const meta = await createProposal(placeOf(repo), proposalInput(proposalId, fixture.diff, fixture.options));
  expect(meta.status).toBe('generated');
  for (const path of fixture.afterCreate) appendFileSync(join(repo.dir, path), 'Edited by hand.\n');
  if (fixture.afterCreate.length === 0) {
    const stored = meta.validation!.checks.find((check) => check.id === fixture.expect);
    expect(stored?.ok, `stored validation of ${name}`).toBe(false);
  }

  const before = repo.snapshot({ ignore: ['.codex-orchestrator'] });
  const outsideBefore = readdirSync(repo.outside).sort();
  const error = await rejection(applyProposal(placeOf(repo), proposalId, { confirm: true }));

  expect(error.status).toBe(fixture.status);
  expect(error.code).toBe(fixture.status === 409 ? 'proposal_stale' : 'validation_failed');
  const failed = (error.details?.checks ?? []) as ValidationCheck[];
  const reason = failed.find((check) => check.id === fixture.expect);
  expect(reason, `failed checks of ${name}: ${failed.map((c) => c.id).join(', ')}`).toBeDefined();
  expect(reason!.details).not.toEqual({ skipped: true });
  expect(reason!.message.length).toBeGreaterThan(10);

  expect(repo.snapshot({ ignore: ['.codex-orchestrator'] })).toEqual(before);
  expect(readdirSync(repo.outside).sort()).toEqual(outsideBefore);
  const after = (await requireProposal(placeOf(repo), proposalId)).meta;
  expect(after.status).toBe('generated');
  expect(after.audit.at(-1)?.action).toBe('apply_refused');
  expect(after.applied_at).toBeUndefined();
}
