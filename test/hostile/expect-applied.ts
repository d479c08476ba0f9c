import type { ExpectStatic } from 'vitest';
import { type Expectation, expandDeep, type HostileCase } from './cases.js';
import { expectCliRefusal } from './expect-refused.js';
import type { Suite } from './pipeline.js';
import {
  expectNoChanges,
  type PreparedCase,
  prepareCase,
  snapshotCase,
  unexpectedChanges,
} from './prepare-case.js';
import { applyReview } from './review-patch.js';
import type { TreeSnapshot } from './tree-snapshot.js';

type Writable = Extract<Expectation, { outcome: 'applied' | 'consistent' }>;

/** The diff part of `proposals apply ID` without --yes: everything before the proposal's summary block. */
function extractCliDiff(stdout: string, proposalId: string): string {
  const end = stdout.lastIndexOf(`\nProposal ${proposalId}: `);
  if (end === -1) throw new Error(`the CLI review shows no proposal block:\n${stdout}`);
  return stdout.slice(0, end);
}

/** What the review says each file becomes, or the reason the review cannot be read that way. */
function readReview(
  text: string,
  before: TreeSnapshot,
  terminal: boolean,
): Map<string, string | null> | string {
  try {
    return applyReview(
      text,
      (path) => {
        const entry = before.get(`repo/${path}`);
        if (!entry) return null;
        if (!entry.bytes) throw new Error(`${path} is too big to compare`);
        return entry.bytes;
      },
      { terminal },
    );
  } catch (error) {
    return (error as Error).message;
  }
}

/** A path of the repository and every folder above it: folders the apply may create for a new file. */
function withParents(paths: string[]): Set<string> {
  const out = new Set<string>();
  for (const path of paths) {
    const segments = `repo/${path}`.split('/');
    for (let i = 2; i <= segments.length; i++) out.add(segments.slice(0, i).join('/'));
  }
  return out;
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

/**
 * After an apply: exactly the expected files changed, each to the bytes the case names, which are the bytes
 * the reviews describe: the API's (`diff` of GET /codex/proposals/:id) and, when given, the CLI's (as a
 * terminal shows it).
 */
function expectWrittenAsReviewed(
  expect: ExpectStatic,
  files: Record<string, string | null>,
  steps: {
    before: TreeSnapshot;
    after: TreeSnapshot;
    apiDiff: string;
    cliDiff: string | null;
    prepared: PreparedCase;
  },
): void {
  const { before, after, prepared } = steps;
  const paths = Object.keys(files);
  const parents = withParents(paths);
  const changed = unexpectedChanges(prepared, before, after, (path) => parents.has(path));
  expectNoChanges(expect, changed, 'nothing but the reviewed files changed');
  const reviews = [{ by: 'API', shown: readReview(steps.apiDiff, before, false), terminal: false }];
  if (steps.cliDiff !== null)
    reviews.push({ by: 'CLI', shown: readReview(steps.cliDiff, before, true), terminal: true });
  for (const { by, shown } of reviews) {
    if (typeof shown === 'string')
      expect.soft(shown, `the ${by} review, read line by line as a person reads it: ${shown}`).toBeNull();
    else
      expect.soft(sorted(shown.keys()), `the ${by} review shows every changed path`).toEqual(sorted(paths));
  }
  for (const [path, text] of Object.entries(files)) {
    const entry = after.get(`repo/${path}`);
    const written = entry?.bytes?.toString('utf8') ?? (entry ? `(${entry.kind})` : null);
    expect.soft(written, `${path} as written`).toBe(text);
    for (const { by, shown, terminal } of reviews) {
      if (typeof shown === 'string') continue;
      const want = terminal ? (text?.replaceAll('\r\n', '\n') ?? null) : text;
      expect.soft(shown.get(path), `${path} as the ${by} review shows it`).toBe(want);
    }
    if (entry) {
      expect.soft(entry.kind, `${path} is a plain file`).toBe('file');
      const was = before.get(`repo/${path}`);
      const mode = was ? was.mode & 0o777 : entry.mode & 0o666;
      expect
        .soft((entry.mode & 0o777).toString(8), `${path} keeps its mode, never executable`)
        .toBe(mode.toString(8));
    }
  }
}

/**
 * One repository, one way of applying (`proposals apply --yes`, or the API). Returns whether it applied;
 * a refusal is allowed only for a `consistent` case, and must then change nothing and say why.
 */
async function applyOnce(
  suite: Suite,
  hostile: HostileCase,
  via: 'cli' | 'api',
  expect: ExpectStatic,
): Promise<'applied' | 'refused'> {
  const expected = hostile.expect as Writable;
  const prepared = await prepareCase(suite, hostile, expect);
  try {
    const files = expandDeep(expected.files, { outside: prepared.repo.outside });
    const id = prepared.proposalId;
    const before = snapshotCase(prepared);
    const view = await prepared.api.call(`/codex/proposals/${id}`);
    expect(view.status, `GET /codex/proposals/${id}: ${JSON.stringify(view.body)}`).toBe(200);
    // The CLI path shows the review a person reads before --yes; the API path's review is the GET above.
    const review = via === 'cli' ? await suite.cli(['proposals', 'apply', id], prepared.repo.dir) : null;
    if (review)
      expect.soft(review.code, `proposals apply (review) exits 0 or 1: ${review.stderr}`).toBeOneOf([0, 1]);

    let outcome: 'applied' | 'refused';
    let refusal: string;
    let named: string[] = [];
    if (via === 'cli') {
      const result = await suite.cli(['proposals', 'apply', id, '--yes'], prepared.repo.dir);
      outcome = result.code === 0 ? 'applied' : 'refused';
      refusal = result.stderr;
      if (outcome === 'refused') expectCliRefusal(expect, result, 'proposals apply --yes');
      else named = /^Applied \S+: (.*)$/m.exec(result.stdout)?.[1]?.split(', ') ?? [];
    } else {
      const result = await prepared.api.call(`/codex/proposals/${id}/apply`, 'POST', { confirm: true });
      outcome = result.status === 200 ? 'applied' : 'refused';
      refusal = JSON.stringify(result.body);
      if (outcome === 'refused')
        expect.soft(result.status, `POST apply refuses without failing: ${refusal}`).toBeLessThan(500);
      else named = result.body.files_changed ?? [];
    }
    const after = snapshotCase(prepared);
    if (expected.outcome === 'applied')
      expect(outcome, `the apply (${via}) was refused: ${refusal}`).toBe('applied');
    if (outcome === 'refused') {
      expectNoChanges(
        expect,
        unexpectedChanges(prepared, before, after),
        `the refused apply (${via}) changed the repository`,
      );
      const reasons = [
        refusal,
        review?.stdout ?? '',
        ...(view.body.validation?.checks ?? []).map((c: { message: string }) => c.message),
      ];
      const reason = new RegExp((expected as Extract<Writable, { outcome: 'consistent' }>).reason, 'i');
      expect
        .soft(
          reasons.some((text) => reason.test(text)),
          `the refusal says why (/${reason.source}/i): ${refusal}`,
        )
        .toBe(true);
      return outcome;
    }
    expect.soft(view.body.validation?.ok, 'the review showed every check passing').toBe(true);
    if (review) expect.soft(review.code, 'the CLI review exits 0 for a proposal that applies').toBe(0);
    expect
      .soft(sorted(view.body.files_touched ?? []), 'the review names every path that changes')
      .toEqual(sorted(Object.keys(files)));
    expect
      .soft(sorted(named), `the ${via} apply names every path it changed`)
      .toEqual(sorted(Object.keys(files)));
    const cliDiff = review ? extractCliDiff(review.stdout, id) : null;
    expectWrittenAsReviewed(expect, files, {
      before,
      after,
      apiDiff: view.body.diff ?? '',
      cliDiff,
      prepared,
    });
    return outcome;
  } finally {
    prepared.close();
  }
}

/** The case twice, each on its own fresh repository: applied by the CLI, then by the API; both agree. */
export async function runWritableCase(
  suite: Suite,
  hostile: HostileCase,
  expect: ExpectStatic,
): Promise<void> {
  const byCli = await applyOnce(suite, hostile, 'cli', expect);
  const byApi = await applyOnce(suite, hostile, 'api', expect);
  expect.soft(byApi, 'the CLI and the API come to the same verdict').toBe(byCli);
}
