import type { ExpectStatic } from 'vitest';
import { type Expectation, expandDeep, type HostileCase } from './cases.js';
import { applyPatchView, listStatedHeaders, type PatchView } from './patch-view.js';
import type { ApiResult, Suite } from './pipeline.js';
import {
  expectIgnoredReported,
  expectNoChanges,
  type PreparedCase,
  prepareCase,
  snapshotCase,
  unexpectedChanges,
} from './prepare-case.js';
import { applyReview } from './review-patch.js';
import type { TreeSnapshot } from './tree-snapshot.js';

type Applied = Extract<Expectation, { outcome: 'applied' }>;

/** The diff part of `proposals apply ID` without --yes: everything before the proposal's summary block. */
function extractCliDiff(stdout: string, proposalId: string): string {
  const end = stdout.lastIndexOf(`\nProposal ${proposalId}: `);
  if (end === -1) throw new Error(`the CLI review shows no proposal block:\n${stdout}`);
  return stdout.slice(0, end);
}

/** The bytes of a repository path before the apply (null: missing). */
function readBefore(before: TreeSnapshot, path: string): Buffer | null {
  const entry = before.get(`repo/${path}`);
  if (!entry) return null;
  if (!entry.bytes) throw new Error(`${path} is too big to compare`);
  return entry.bytes;
}

/** What a review says each file becomes, or the reason it cannot be read that way. */
function readReview(read: () => Map<string, string | null>): Map<string, string | null> | string {
  try {
    return read();
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

interface Review {
  by: string;
  shown: Map<string, string | null> | string;
  /** A terminal shows CRLF as LF. */
  terminal: boolean;
}

/**
 * The reviews a person (or the UI) reads, each applied to the files as they were: the API's canonical text
 * (`diff`), the API's structure (`patch`, what the UI renders) and, when given, the CLI's text.
 */
function readReviews(before: TreeSnapshot, view: ApiResult, cliDiff: string | null): Review[] {
  const read = (path: string) => readBefore(before, path);
  const text = (path: string) => read(path)?.toString('utf8') ?? null;
  const reviews: Review[] = [
    { by: 'API diff', shown: readReview(() => applyReview(view.body.diff ?? '', read)), terminal: false },
    {
      by: 'API patch',
      shown: readReview(() => applyPatchView(view.body.patch as PatchView, text)),
      terminal: false,
    },
  ];
  if (cliDiff !== null) {
    const shown = readReview(() => applyReview(cliDiff, read, { terminal: true }));
    reviews.push({ by: 'CLI', shown, terminal: true });
  }
  return reviews;
}

/**
 * After an apply: exactly the expected files changed, each to the bytes the case names, which are the bytes
 * every review describes, and nothing else changed but the proposal's mirrors (see prepare-case.ts).
 */
function expectWrittenAsReviewed(
  expect: ExpectStatic,
  files: Record<string, string | null>,
  steps: {
    before: TreeSnapshot;
    after: TreeSnapshot;
    reviews: Review[];
    prepared: PreparedCase;
    diff: string;
  },
): void {
  const { before, after, prepared } = steps;
  const paths = Object.keys(files);
  const parents = withParents(paths);
  const changed = unexpectedChanges(prepared, before, after, { reviewedDiff: steps.diff }, (path) =>
    parents.has(path),
  );
  expectNoChanges(expect, changed, 'nothing but the reviewed files changed');
  for (const { by, shown } of steps.reviews) {
    if (typeof shown === 'string')
      expect.soft(shown, `the ${by} review, read line by line as it is shown: ${shown}`).toBeNull();
    else
      expect.soft(sorted(shown.keys()), `the ${by} review shows every changed path`).toEqual(sorted(paths));
  }
  for (const [path, text] of Object.entries(files)) {
    const entry = after.get(`repo/${path}`);
    const written = entry?.bytes?.toString('utf8') ?? (entry ? `(${entry.kind})` : null);
    expect.soft(written, `${path} as written`).toBe(text);
    for (const { by, shown, terminal } of steps.reviews) {
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
 * What the review shows beside the diff: every path with its operation, and every recounted hunk with the
 * header the diff stated — in the API's structure and in the CLI's review.
 */
function expectReviewNotes(
  expect: ExpectStatic,
  expected: Applied,
  view: ApiResult,
  cliReview: string | null,
): void {
  const patch = view.body.patch as PatchView | null;
  expect.soft(patch, 'the review carries the structured patch').not.toBeNull();
  if (!patch) return;
  expect
    .soft(sorted(listStatedHeaders(patch)), 'hunks shown recounted, with the header as stated')
    .toEqual(sorted(expected.stated_headers));
  if (cliReview === null) return;
  for (const file of patch.files) {
    const moved = file.old_path !== null && file.new_path !== null && file.old_path !== file.new_path;
    const line = `  ${file.operation} ${moved ? `${file.old_path} → ${file.new_path}` : file.path}`;
    expect
      .soft(cliReview.split('\n'), `the CLI review names ${file.path} and how it changes`)
      .toContain(line);
  }
  for (const stated of expected.stated_headers)
    expect
      .soft(cliReview, `the CLI review says the diff stated ${stated}`)
      .toContain(`the diff said ${stated}`);
}

/** One repository, one way of applying (`proposals apply --yes`, or the API): it must apply as reviewed. */
async function applyOnce(
  suite: Suite,
  hostile: HostileCase,
  via: 'cli' | 'api',
  expect: ExpectStatic,
): Promise<void> {
  const expected = hostile.expect as Applied;
  const prepared = await prepareCase(suite, hostile, expect);
  try {
    const files = expandDeep(expected.files, { outside: prepared.repo.outside });
    const id = prepared.proposalId;
    const before = snapshotCase(prepared);
    const view = await prepared.api.call(`/codex/proposals/${id}`);
    expect(view.status, `GET /codex/proposals/${id}: ${JSON.stringify(view.body)}`).toBe(200);
    expectIgnoredReported(expect, view, hostile.ignored);
    // The CLI path shows the review a person reads before --yes; the API path's review is the GET above.
    const review = via === 'cli' ? await suite.cli(['proposals', 'apply', id], prepared.repo.dir) : null;
    if (review) expect.soft(review.code, `the CLI review exits 0: ${review.stderr}`).toBe(0);

    let named: string[];
    if (via === 'cli') {
      const result = await suite.cli(['proposals', 'apply', id, '--yes'], prepared.repo.dir);
      expect(result.code, `proposals apply --yes was refused: ${result.stderr}`).toBe(0);
      named = /^Applied \S+: (.*)$/m.exec(result.stdout)?.[1]?.split(', ') ?? [];
    } else {
      const result = await prepared.api.call(`/codex/proposals/${id}/apply`, 'POST', { confirm: true });
      expect(result.status, `POST apply was refused: ${JSON.stringify(result.body)}`).toBe(200);
      named = result.body.files_changed ?? [];
    }
    const after = snapshotCase(prepared);
    expect.soft(view.body.validation?.ok, 'the review showed every check passing').toBe(true);
    expect
      .soft(sorted(view.body.files_touched ?? []), 'the review names every path that changes')
      .toEqual(sorted(Object.keys(files)));
    expect
      .soft(sorted(named), `the ${via} apply names every path it changed`)
      .toEqual(sorted(Object.keys(files)));
    expectReviewNotes(expect, expected, view, review?.stdout ?? null);
    const cliDiff = review ? extractCliDiff(review.stdout, id) : null;
    expectWrittenAsReviewed(expect, files, {
      before,
      after,
      reviews: readReviews(before, view, cliDiff),
      prepared,
      diff: view.body.diff ?? '',
    });
  } finally {
    prepared.close();
  }
}

/** The case twice, each on its own fresh repository: applied by the CLI, then by the API. */
export async function runAppliedCase(
  suite: Suite,
  hostile: HostileCase,
  expect: ExpectStatic,
): Promise<void> {
  await applyOnce(suite, hostile, 'cli', expect);
  await applyOnce(suite, hostile, 'api', expect);
}
