import type { ReactNode } from 'react';
import type { ProposalEffect } from '../api/types.js';
import { formatFullTime } from '../ui/format.js';
import './effect.css';

const VERDICTS: Record<ProposalEffect['verdict'], { label: string; tone: string }> = {
  improved: { label: 'better', tone: 'ok' },
  worsened: { label: 'worse', tone: 'bad' },
  mixed: { label: 'mixed', tone: 'warn' },
  no_clear_change: { label: 'no clear change', tone: 'neutral' },
  not_enough_sessions: { label: 'not enough sessions yet', tone: 'neutral' },
};

function toneOf(change: string): string {
  if (change.startsWith('better')) return 'ok';
  if (change.startsWith('worse')) return 'bad';
  return 'neutral';
}

/**
 * What the repository's sessions did before and after a proposal was applied, as the server computed it
 * (figures, tests and wording are the server's; nothing here is Codex's). Self-contained: give it a proposal's
 * `effect` and place it anywhere in a proposal's view; it renders nothing for a proposal never applied.
 */
export function EffectSummary({
  effect,
  level = 3,
}: {
  effect: ProposalEffect | null | undefined;
  /** The heading's level where it is placed (the review's sections are h3). */
  level?: 2 | 3 | 4;
}): ReactNode {
  if (!effect) return null;
  const Heading = `h${level}` as const;
  const verdict = VERDICTS[effect.verdict];
  const compared = effect.verdict !== 'not_enough_sessions';
  return (
    <section className="effect-summary" aria-label="Since applied" data-verdict={effect.verdict}>
      <Heading>
        Since applied <span className={`badge effect-${verdict.tone}`}>{verdict.label}</span>
      </Heading>
      <p className="effect-line">{effect.summary}</p>
      {compared ? (
        <table className="effect-table">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Figure</span>
              </th>
              <th scope="col">Before ({effect.before.sessions})</th>
              <th scope="col">After ({effect.after.sessions})</th>
              <th scope="col">Difference</th>
            </tr>
          </thead>
          <tbody>
            {effect.metrics.map((metric) => (
              <tr key={metric.key} data-metric={metric.key}>
                <th scope="row">{metric.label}</th>
                <td>{metric.display.before}</td>
                <td>{metric.display.after}</td>
                <td className={`effect-${toneOf(metric.display.change)}`}>{metric.display.change}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="muted small">
        Sessions in this repository that started before {formatFullTime(effect.since)} and after it
        {effect.after.bound === 'now' ? ' (still counting)' : ''}. A difference is called better or worse only
        when a permutation test over the sessions finds it unlikely to be chance; {effect.min_sessions}{' '}
        sessions a side are needed to compare.
      </p>
      {effect.problems.map((problem) => (
        <p key={problem} className="notice small">
          {problem}
        </p>
      ))}
    </section>
  );
}
