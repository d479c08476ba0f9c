import type { ExpectStatic } from 'vitest';
import type { Expectation, HostileCase } from './cases.js';
import type { ApiResult, CliResult, Suite } from './pipeline.js';
import {
  expectNoChanges,
  type PreparedCase,
  prepareCase,
  readStatus,
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
export function expectCliRefusal(expect: ExpectStatic, result: CliResult, step: string): void {
  expect.soft(result.code, `${step} must refuse with exit 1: ${result.stderr}`).toBe(1);
  expect.soft(result.stderr, `${step} must not crash`).not.toMatch(/unexpected failure|\n\s+at /);
}

function failedChecks(...answers: ApiResult[]): Check[] {
  const checks: Check[] = [];
  for (const answer of answers) {
    const body = answer.body ?? {};
    checks.push(...((body.validation?.checks ?? body.details?.checks ?? []) as Check[]));
  }
  // A check that did not run because another failed is not a reason.
  return checks.filter((check) => !check.ok && check.details?.skipped !== true);
}

/** The refusal names its reason: the expected checks failed, and one of their messages says why. */
function expectReasonNamed(
  expect: ExpectStatic,
  expected: Refused,
  steps: { view: ApiResult; cli: CliResult; api: ApiResult },
): void {
  const reason = new RegExp(expected.reason, 'i');
  const failed = failedChecks(steps.view, steps.api);
  const failedIds = new Set(failed.map((check) => check.id));
  const refusals = [steps.view.body?.message, steps.api.body?.message, steps.cli.stderr];
  if (expected.error_only) {
    const texts = [...refusals, ...failed.map((check) => check.message)].filter((t) => typeof t === 'string');
    expect
      .soft(
        texts.some((text) => reason.test(text)),
        `/${expected.reason}/i in ${JSON.stringify(texts)}`,
      )
      .toBe(true);
    return;
  }
  const failedList = [...failedIds].join(', ') || 'none';
  for (const id of expected.checks)
    expect.soft(failedIds.has(id), `check ${id} failed (failed: ${failedList})`).toBe(true);
  if (expected.any_check.length > 0) {
    expect
      .soft(
        expected.any_check.some((id) => failedIds.has(id)),
        `one of ${expected.any_check.join(', ')} failed (failed: ${failedList})`,
      )
      .toBe(true);
  }
  expect.soft(failed.length, 'a check failed').toBeGreaterThan(0);
  const named = failed.filter(
    (check) => expected.checks.includes(check.id) || expected.any_check.includes(check.id),
  );
  const texts =
    named.length > 0 ? named.map((check) => check.message) : [...failed.map((c) => c.message), ...refusals];
  expect
    .soft(
      texts.some((text) => typeof text === 'string' && reason.test(text)),
      `/${expected.reason}/i in ${JSON.stringify(texts)}`,
    )
    .toBe(true);
}

/**
 * The review (GET /codex/proposals/:id) shows the refusal, then `proposals apply --yes` and the API apply both
 * refuse and leave every byte and mode as it was — the repository, its `.git/` and the folder around it.
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
    const statusBefore = readStatus(prepared);
    const before = snapshotCase(prepared);
    const view = await prepared.api.call(`/codex/proposals/${id}`);
    expect
      .soft(view.status, `GET /codex/proposals/${id} answers: ${JSON.stringify(view.body)}`)
      .toBeLessThan(500);
    expectNoChanges(
      expect,
      unexpectedChanges(prepared, before, snapshotCase(prepared)),
      'the review changed something',
    );

    const cli = await suite.cli(['proposals', 'apply', id, '--yes'], prepared.repo.dir);
    expectCliRefusal(expect, cli, 'proposals apply --yes');
    expect.soft(cli.stderr.trim().split('\n'), 'one line on stderr').toHaveLength(1);
    expectNoChanges(
      expect,
      unexpectedChanges(prepared, before, snapshotCase(prepared)),
      'proposals apply --yes changed the repository',
    );

    const api = await prepared.api.call(`/codex/proposals/${id}/apply`, 'POST', { confirm: true });
    expect.soft(api.status, `POST apply refuses: ${JSON.stringify(api.body)}`).toBeGreaterThanOrEqual(400);
    expect
      .soft(api.status, `POST apply refuses without failing: ${JSON.stringify(api.body)}`)
      .toBeLessThan(500);
    expectNoChanges(
      expect,
      unexpectedChanges(prepared, before, snapshotCase(prepared)),
      'POST apply changed the repository',
    );
    if (statusBefore !== 'applied')
      expect.soft(readStatus(prepared), 'the proposal is not recorded as applied').not.toBe('applied');

    if (hostile.revert) {
      const revert = await prepared.api.call(`/codex/proposals/${id}/revert`, 'POST', { confirm: true });
      expect
        .soft(revert.status, `POST revert refuses: ${JSON.stringify(revert.body)}`)
        .toBeGreaterThanOrEqual(400);
      expect.soft(revert.status, 'POST revert refuses without failing').toBeLessThan(500);
      expectNoChanges(
        expect,
        unexpectedChanges(prepared, before, snapshotCase(prepared)),
        'POST revert changed the repository',
      );
    }
    expectReasonNamed(expect, expected, { view, cli, api });
  } finally {
    prepared.close();
  }
}
