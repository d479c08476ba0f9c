import type { ReactNode } from 'react';
import type { InsightAnswer, InsightArtifactDetail } from '../api/types.js';
import { formatTime } from '../ui/format.js';
import { Markdown } from '../ui/markdown.js';
import { routePath } from '../ui/use-route.js';

const OUTCOME: Record<InsightAnswer['outcome']['status'], string> = {
  achieved: 'Achieved',
  partly_achieved: 'Partly achieved',
  not_achieved: 'Not achieved',
  unclear: 'Unclear',
};

const RUN_LABEL: Record<string, string> = { fork: 'forked', resume: 'resumed', digest: 'digest' };

const TARGET: Record<string, string> = {
  agents_md: 'AGENTS.md',
  skill: 'repo skill',
  prompting: 'prompting',
  tooling: 'tooling',
  other: 'other',
};

interface PointsProps {
  title: string;
  points: InsightAnswer['what_worked'];
  sessionId: string;
  onOpenEntry: (line: number) => void;
}

/** Observations with the quotes that back them; a quote the server matched to an entry links to it. */
function Points({ title, points, sessionId, onOpenEntry }: PointsProps): ReactNode {
  return (
    <>
      <h3>{title}</h3>
      {points.length === 0 ? <p className="muted">Nothing noted.</p> : null}
      <ul className="points">
        {points.map((point, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: points of one fixed answer, in order.
          <li key={i}>
            <Markdown text={point.point} />
            {point.evidence.map((item, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: quotes of one fixed point, in order.
              <blockquote key={j} className="evidence">
                <span className="quote">{item.quote}</span>
                {item.entry !== null ? (
                  <>
                    {' — '}
                    <a
                      className="entry-link"
                      href={routePath({ session: sessionId, proposal: null, entry: item.entry })}
                      onClick={(event) => {
                        event.preventDefault();
                        onOpenEntry(item.entry as number);
                      }}
                    >
                      entry #{item.entry}
                    </a>
                  </>
                ) : null}
              </blockquote>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Insights as Codex answered them, drawn from the structured answer (not its markdown) so each cited entry
 * is a link into the transcript. Model text is rendered as sanitized markdown; quotes as plain text.
 */
export function InsightView({
  detail,
  onOpenEntry,
}: {
  detail: InsightArtifactDetail;
  onOpenEntry: (line: number) => void;
}): ReactNode {
  const answer = detail.json;
  const unknown = detail.evidence?.unknown_entries ?? [];
  return (
    <article className="insight-result" aria-label="Insights">
      <p className="muted small">
        {formatTime(detail.created_at)} · {RUN_LABEL[detail.mode] ?? detail.mode} run
        {detail.model ? ` · ${detail.model}` : ''}
      </p>
      <div className="insight-body">
        <h3>Goal</h3>
        <Markdown text={answer.goal} />
        <h3>Outcome: {OUTCOME[answer.outcome.status] ?? answer.outcome.status}</h3>
        <Markdown text={answer.outcome.summary} />
        <Points
          title="What worked"
          points={answer.what_worked}
          sessionId={detail.session_id}
          onOpenEntry={onOpenEntry}
        />
        <Points
          title="Friction"
          points={answer.friction}
          sessionId={detail.session_id}
          onOpenEntry={onOpenEntry}
        />
        <h3>Recommendations</h3>
        {answer.recommendations.length === 0 ? <p className="muted">None.</p> : null}
        <ol className="recommendations">
          {answer.recommendations.map((rec, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: recommendations of one fixed answer, in order.
            <li key={i}>
              <strong>{rec.title}</strong>{' '}
              <span className="muted small">({TARGET[rec.target] ?? rec.target})</span>
              <Markdown text={rec.detail} />
            </li>
          ))}
        </ol>
      </div>
      {unknown.length > 0 ? (
        <p className="muted small">
          Codex cited {unknown.length === 1 ? 'an entry' : `${unknown.length} entries`} this transcript does
          not have; {unknown.length === 1 ? 'that citation was' : 'those citations were'} left out.
        </p>
      ) : null}
      {detail.entries_checked === false ? (
        <p className="muted small">The session could not be read, so its citations were not checked.</p>
      ) : null}
    </article>
  );
}
