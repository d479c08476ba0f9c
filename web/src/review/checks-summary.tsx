import type { ReactNode } from 'react';
import type { ValidationCheck } from '../api/types.js';

type Outcome = 'failed' | 'skipped' | 'passed';

/** A check that could not run because an earlier one failed: the server marks it `details.skipped`. */
function outcomeOf(check: ValidationCheck): Outcome {
  if (check.ok) return 'passed';
  const details = check.details;
  const skipped =
    typeof details === 'object' && details !== null && (details as { skipped?: unknown }).skipped === true;
  return skipped ? 'skipped' : 'failed';
}

export function groupChecks(checks: readonly ValidationCheck[]): Record<Outcome, ValidationCheck[]> {
  const groups: Record<Outcome, ValidationCheck[]> = { failed: [], skipped: [], passed: [] };
  for (const check of checks) groups[outcomeOf(check)].push(check);
  return groups;
}

/** "1 failing · 13 not checked · 7 passed", or "All 21 passed". */
export function summarizeChecks(groups: Record<Outcome, ValidationCheck[]>): string {
  const { failed, skipped, passed } = groups;
  if (failed.length === 0 && skipped.length === 0) return `All ${passed.length} passed`;
  return [
    failed.length > 0 ? `${failed.length} failing` : null,
    skipped.length > 0 ? `${skipped.length} not checked` : null,
    `${passed.length} passed`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function CheckItem({ check, outcome }: { check: ValidationCheck; outcome: Outcome }): ReactNode {
  const mark = { failed: '✗', skipped: '–', passed: '✓' }[outcome];
  const word = { failed: 'failed:', skipped: 'not checked:', passed: 'passed:' }[outcome];
  return (
    <li className={outcome} data-check={check.id}>
      <span className="mark" aria-hidden="true">
        {mark}
      </span>
      <span className="visually-hidden">{word}</span>
      <strong>{check.label}</strong>
      {check.message ? <span className="check-message"> — {check.message}</span> : null}
    </li>
  );
}

/**
 * The validation as a reviewer reads it: what failed first, each with its reason; what could not be checked
 * because of it, apart and folded; what passed, folded.
 */
export function ChecksSummary({ checks }: { checks: readonly ValidationCheck[] }): ReactNode {
  const groups = groupChecks(checks);
  return (
    <section className="checks" aria-labelledby="checks-title">
      <h3 id="checks-title">
        Checks{' '}
        <span className={`checks-count ${groups.failed.length > 0 ? 'bad' : 'ok'}`}>
          {summarizeChecks(groups)}
        </span>
      </h3>
      {groups.failed.length > 0 ? (
        <ul className="check-list" aria-label="Failing checks">
          {groups.failed.map((check) => (
            <CheckItem key={check.id} check={check} outcome="failed" />
          ))}
        </ul>
      ) : null}
      {groups.skipped.length > 0 ? (
        <details className="check-group skipped">
          <summary>{groups.skipped.length} not checked, because of a failing check</summary>
          <ul className="check-list">
            {groups.skipped.map((check) => (
              <CheckItem key={check.id} check={check} outcome="skipped" />
            ))}
          </ul>
        </details>
      ) : null}
      {groups.passed.length > 0 ? (
        <details className="check-group passed">
          <summary>{groups.passed.length} passed</summary>
          <ul className="check-list">
            {groups.passed.map((check) => (
              <CheckItem key={check.id} check={check} outcome="passed" />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
