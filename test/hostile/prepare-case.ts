import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectStatic } from 'vitest';
import { buildCaseRepo, type CaseRepo, tamperRepo } from './case-repo.js';
import { expandText, type HostileCase } from './cases.js';
import type { RepoApi, Suite } from './pipeline.js';
import { compareSnapshots, type TreeSnapshot, takeSnapshot } from './tree-snapshot.js';

export interface PreparedCase {
  repo: CaseRepo;
  api: RepoApi;
  /** The proposal that is reviewed and applied. */
  proposalId: string;
  close(): void;
}

/**
 * The case's repository with its proposal in place: Codex answered the case's diff through a real proposal
 * run (or the repository carries a planted proposal), then the case's tampering was done.
 */
export async function prepareCase(
  suite: Suite,
  hostile: HostileCase,
  expect: ExpectStatic,
): Promise<PreparedCase> {
  const repo = buildCaseRepo(hostile, suite.insightsDir);
  let api: RepoApi | null = null;
  try {
    api = await suite.openApi(repo.dir);
    let generated: string | null = null;
    if (hostile.source === 'codex') {
      const job = await suite.generate(api, expandText(hostile.diff ?? '', { outside: repo.outside }));
      expect(job.status, `the proposal run must end with a proposal, not ${JSON.stringify(job.error)}`).toBe(
        'succeeded',
      );
      generated = job.proposalId;
    }
    const proposalId = hostile.apply_id ?? generated ?? hostile.planted!.id;
    tamperRepo(repo, generated ?? proposalId, hostile.tamper);
    const opened = api;
    return {
      repo,
      api: opened,
      proposalId,
      close: () => {
        opened.close();
        repo.cleanup();
      },
    };
  } catch (error) {
    api?.close();
    repo.cleanup();
    throw error;
  }
}

/**
 * What an apply may write besides the files it changes: the proposal's own audit trail (meta.json) and its
 * crash-recovery file, which may disappear but never change or appear. Everything else under the folder
 * around the repository — `.git/` whole, every other file of `.codex-orchestrator/` — must stay as it was.
 */
function pipelineWrites(proposalId: string): (path: string) => boolean {
  const folder = `repo/.codex-orchestrator/proposals/${proposalId}`;
  return (path) => path === `${folder}/meta.json` || path === `${folder}/.backup.json`;
}

/** The changes `step` made that no apply may make, as readable lines (empty when there are none). */
export function unexpectedChanges(
  prepared: PreparedCase,
  before: TreeSnapshot,
  after: TreeSnapshot,
  allowed: (path: string) => boolean = () => false,
): string[] {
  const ignore = pipelineWrites(prepared.proposalId);
  const changes = compareSnapshots(before, after, (path) => ignore(path) || allowed(path)).map(
    (c) => `${c.change} ${c.path} (${c.detail})`,
  );
  const backup = `repo/.codex-orchestrator/proposals/${prepared.proposalId}/.backup.json`;
  const now = after.get(backup);
  if (now && now.content !== before.get(backup)?.content) changes.push(`written ${backup}`);
  return changes;
}

/** Soft-fails when `changes` is not empty, naming every change in the message (every reporter shows it). */
export function expectNoChanges(expect: ExpectStatic, changes: string[], what: string): void {
  expect.soft(changes, `${what}: ${changes.slice(0, 5).join('; ')}`).toEqual([]);
}

/** The proposal's status as meta.json says it now, or null when it cannot be read. */
export function readStatus(prepared: PreparedCase): string | null {
  try {
    const path = join(
      prepared.repo.dir,
      '.codex-orchestrator',
      'proposals',
      prepared.proposalId,
      'meta.json',
    );
    return (JSON.parse(readFileSync(path, 'utf8')) as { status?: string }).status ?? null;
  } catch {
    return null;
  }
}

export function snapshotCase(prepared: PreparedCase): TreeSnapshot {
  return takeSnapshot(prepared.repo.outside);
}
