import type { ExpectStatic } from 'vitest';
import type { Expectation, HostileCase } from './cases.js';
import type { ApiResult, CliResult, Suite } from './pipeline.js';
import {
  expectIgnoredReported,
  expectNoChanges,
  type MirrorWrites,
  type PreparedCase,
  prepareCase,
  snapshotCase,
  unexpectedChanges,
} from './prepare-case.js';

type Refused = Extract<Expectation, { outcome: 'refused' }>;

interface Check {
  id: string;
  label: string;
  ok: boolean;
  message: string;
  details?: { skipped?: boolean };
}

/** A refusal a person can act on: exit 1 and one line, never a crash (exit 70) or a stack trace. */
function expectCliRefusal(expect: ExpectStatic, result: CliResult, step: string): void {
  expect.soft(result.code, `${step} must refuse with exit 1: ${result.stderr}`).toBe(1);
  expect.soft(result.stderr, `${step} must not crash`).not.toMatch(/unexpected failure|\n\s+at /);
  expect.soft(result.stderr.trim().split('\n'), `${step}: one line on stderr`).toHaveLength(1);
}

/** The checks an answer failed: the review's validation, or a refusal's `details.checks`. */
function failedChecks(answer: ApiResult): Check[] {
  const body = answer.body ?? {};
  const checks = (body.validation?.checks ?? body.details?.checks ?? []) as Check[];
  // A check that did not run because another failed is not a reason.
  return checks.filter((check) => !check.ok && check.details?.skipped !== true);
}

/** Refusals by the proposal's status rather than by its checks. */
const STATUS_REFUSALS = ['nothing_to_apply'];

/**
 * The answer names the refusal's reason: the expected checks failed, and one of their messages says why. A
 * refusal by the proposal's status (nothing to apply) names no check; its message must say why instead.
 */
function expectReasonNamed(expect: ExpectStatic, expected: Refused, answer: ApiResult, by: string): void {
  const reason = new RegExp(expected.reason, 'i');
  const failed = failedChecks(answer);
  if (STATUS_REFUSALS.includes(answer.body?.code)) {
    expect.soft(answer.body.message, `${by}: its message says why`).toMatch(reason);
    return;
  }
  const failedIds = new Set(failed.map((check) => check.id));
  const failedList = [...failedIds].join(', ') || 'none';
  for (const id of expected.checks)
    expect.soft(failedIds.has(id), `${by}: check ${id} failed (failed: ${failedList})`).toBe(true);
  if (expected.any_check.length > 0) {
    expect
      .soft(
        expected.any_check.some((id) => failedIds.has(id)),
        `${by}: one of ${expected.any_check.join(', ')} failed (failed: ${failedList})`,
      )
      .toBe(true);
  }
  const named = failed.filter(
    (check) => expected.checks.includes(check.id) || expected.any_check.includes(check.id),
  );
  const texts = named.map((check) => check.message);
  expect
    .soft(
      texts.some((text) => reason.test(text)),
      `${by}: /${expected.reason}/i in ${JSON.stringify(texts)}`,
    )
    .toBe(true);
}

/**
 * The review, as GET /codex/proposals/:id answers it: the proposal shown with its failed checks (an untrusted
 * one as such), or — for a proposal that cannot be read at all — the case's error, never a server error.
 */
function expectReviewed(
  expect: ExpectStatic,
  hostile: HostileCase,
  expected: Refused,
  view: ApiResult,
): void {
  const answer = JSON.stringify(view.body);
  expect.soft(view.status, `GET /codex/proposals/:id answers: ${answer}`).toBeLessThan(500);
  if (view.status !== 200) {
    expect
      .soft(expected.error, `GET answered ${view.status} for a proposal it can read: ${answer}`)
      .toBeDefined();
    expect.soft(view.body?.code, 'GET answers the case error').toBe(expected.error);
    return;
  }
  expect.soft(view.body.validation?.ok, 'the review shows the proposal failing').toBe(false);
  expect.soft(view.body.status, 'the review never shows the proposal applied').not.toBe('applied');
  expect
    .soft(view.body.integrity?.trusted, 'the review shows whether codex-retro recorded the proposal')
    .toBe(expected.error === undefined);
  expectIgnoredReported(expect, view, hostile.ignored);
}

/** The API's refusal: a 4xx (the case's error when it names one), and the proposal still not applied. */
async function expectApiRefused(
  expect: ExpectStatic,
  prepared: PreparedCase,
  expected: Refused,
  api: ApiResult,
): Promise<void> {
  const answer = JSON.stringify(api.body);
  expect.soft(api.status, `POST apply refuses: ${answer}`).toBeGreaterThanOrEqual(400);
  expect.soft(api.status, `POST apply refuses without failing: ${answer}`).toBeLessThan(500);
  if (expected.error !== undefined) expect.soft(api.body?.code, `POST apply: ${answer}`).toBe(expected.error);
  const now = await prepared.api.call(`/codex/proposals/${prepared.proposalId}`);
  if (now.status === 200)
    expect.soft(now.body.status, 'the proposal is not recorded as applied').not.toBe('applied');
}

/**
 * The review (GET /codex/proposals/:id) shows the refusal, then `proposals apply --yes` and the API apply both
 * refuse and leave every byte and mode as it was — the repository, its `.git/` and the folder around it — but
 * for the audit a recorded proposal keeps in its mirrors (see prepare-case.ts).
 */
export async function runRefusedCase(
  suite: Suite,
  hostile: HostileCase,
  expect: ExpectStatic,
): Promise<void> {
  const expected = hostile.expect as Refused;
  const prepared: PreparedCase = await prepareCase(suite, hostile, expect);
  try {
    const id = prepared.proposalId;
    const before = snapshotCase(prepared);
    const view = await prepared.api.call(`/codex/proposals/${id}`);
    expectReviewed(expect, hostile, expected, view);
    const mirror: MirrorWrites | null =
      expected.error === undefined ? { reviewedDiff: view.body?.diff ?? '' } : null;
    const changed = (what: string) =>
      expectNoChanges(expect, unexpectedChanges(prepared, before, snapshotCase(prepared), mirror), what);
    changed('the review changed something');

    const cli = await suite.cli(['proposals', 'apply', id, '--yes'], prepared.repo.dir);
    expectCliRefusal(expect, cli, 'proposals apply --yes');
    changed('proposals apply --yes changed the repository');

    const api = await prepared.api.call(`/codex/proposals/${id}/apply`, 'POST', { confirm: true });
    await expectApiRefused(expect, prepared, expected, api);
    changed('POST apply changed the repository');

    if (expected.revert_error !== undefined) {
      const revert = await prepared.api.call(`/codex/proposals/${id}/revert`, 'POST', { confirm: true });
      expect
        .soft(revert.body?.code, `POST revert refuses: ${JSON.stringify(revert.body)}`)
        .toBe(expected.revert_error);
      expect.soft(revert.status, 'POST revert refuses without failing').toBeLessThan(500);
      changed('POST revert changed the repository');
    }
    expect
      .soft(expected.checks.length + expected.any_check.length, 'the case names a check')
      .toBeGreaterThan(0);
    if (view.status === 200) expectReasonNamed(expect, expected, view, 'the review');
    expectReasonNamed(expect, expected, api, 'POST apply');
  } finally {
    prepared.close();
  }
}
