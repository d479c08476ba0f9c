import type { ExpectStatic } from 'vitest';
import { buildCaseRepo, type CaseRepo, tamperRepo } from './case-repo.js';
import { expandText, type HostileCase } from './cases.js';
import type { ApiResult, RepoApi, Suite } from './pipeline.js';
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
 * What an apply or a refusal of a recorded proposal may write in the repository besides the files it changes:
 * the proposal's mirrors, kept in step with codex-retro's record — meta.json (the audit trail) and
 * proposal.diff, which may only ever be rewritten to the canonical diff the review showed (an edited copy is
 * put back). A proposal codex-retro never recorded gets no mirror write at all (`mirror` null). Everything
 * else under the folder around the repository — `.git/` whole, a `.backup.json` beside the proposal, every
 * other file of `.codex-orchestrator/` — must stay as it was.
 */
export interface MirrorWrites {
  /** The canonical diff of the review (`diff` of GET /codex/proposals/:id). */
  reviewedDiff: string;
}

/** The changes `step` made that no apply may make, as readable lines (empty when there are none). */
export function unexpectedChanges(
  prepared: PreparedCase,
  before: TreeSnapshot,
  after: TreeSnapshot,
  mirror: MirrorWrites | null,
  allowed: (path: string) => boolean = () => false,
): string[] {
  const folder = `repo/.codex-orchestrator/proposals/${prepared.proposalId}`;
  const mirrors = new Set([`${folder}/meta.json`, `${folder}/proposal.diff`]);
  const ignore = (path: string) => (mirror !== null && mirrors.has(path)) || allowed(path);
  const changes = compareSnapshots(before, after, ignore).map((c) => `${c.change} ${c.path} (${c.detail})`);
  const diff = after.get(`${folder}/proposal.diff`);
  if (mirror !== null && diff && diff.content !== before.get(`${folder}/proposal.diff`)?.content) {
    if (diff.bytes?.toString('utf8') !== mirror.reviewedDiff)
      changes.push(`written ${folder}/proposal.diff, which is not the diff the review showed`);
  }
  return changes;
}

/**
 * What the review reported and ignored (`integrity.problems`) is exactly what the case planted or edited:
 * one problem for each regex of `ignored`, and nothing else.
 */
export function expectIgnoredReported(expect: ExpectStatic, view: ApiResult, ignored: string[]): void {
  const problems: string[] = view.body?.integrity?.problems ?? [];
  const unmatched = problems.filter((problem) => !ignored.some((re) => new RegExp(re, 'i').test(problem)));
  expect.soft(unmatched, 'the review reports nothing the case did not plant or edit').toEqual([]);
  for (const re of ignored) {
    expect
      .soft(
        problems.some((problem) => new RegExp(re, 'i').test(problem)),
        `the review reports /${re}/i as ignored: ${JSON.stringify(problems)}`,
      )
      .toBe(true);
  }
}

/** Soft-fails when `changes` is not empty, naming every change in the message (every reporter shows it). */
export function expectNoChanges(expect: ExpectStatic, changes: string[], what: string): void {
  expect.soft(changes, `${what}: ${changes.slice(0, 5).join('; ')}`).toEqual([]);
}

export function snapshotCase(prepared: PreparedCase): TreeSnapshot {
  return takeSnapshot(prepared.repo.outside);
}
