import type { ReactNode } from 'react';
import type { SessionRow as Row, SearchHit } from '../api/types.js';
import { describeCost, formatCost, formatFullTime, formatTime, plural, projectName } from '../ui/format.js';

/** Characters of text kept before the first match, so the match shows within the row's two lines. */
const LEAD = 40;

/** The snippet with what the search matched marked; a server that sends no parts gets its text shown as is. */
function Snippet({ row }: { row: Row }): ReactNode {
  if (!row.snippet_segments) return row.snippet;
  return row.snippet_segments.map((segment, i) => {
    const text = segment.text.replace(/\s+/g, ' ');
    const shown =
      i === 0 && !segment.match && text.length > LEAD ? `…${text.slice(-LEAD).trimStart()}` : text;
    // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed snippet, in order.
    return segment.match ? <mark key={i}>{shown}</mark> : <span key={i}>{shown}</span>;
  });
}

/** Where a row's search hit is, when the server said: opening the row opens the transcript there. */
export function searchHitOf(row: Row): SearchHit | undefined {
  if (row.match_line === undefined) return undefined;
  const terms = new Set((row.snippet_segments ?? []).filter((s) => s.match).map((s) => s.text));
  return { line: row.match_line, terms: [...terms] };
}

export function sessionOptionId(id: string): string {
  return `session-option-${id}`;
}

interface SessionRowProps {
  row: Row | undefined;
  index: number;
  selected: boolean;
  cursor: boolean;
  onOpen: (id: string, index: number) => void;
}

/** One session in the list: title, project, time, model and what happened in it. */
export function SessionRow({ row, index, selected, cursor, onOpen }: SessionRowProps): ReactNode {
  if (!row) {
    return (
      <div className="session-row placeholder" aria-hidden="true">
        Loading…
      </div>
    );
  }
  const time = row.updated_at ?? row.started_at;
  return (
    // The listbox owns focus (aria-activedescendant) and takes the keys; a row only needs the click.
    // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the listbox.
    // biome-ignore lint/a11y/useFocusableInteractive: focus stays on the listbox.
    <div
      role="option"
      id={sessionOptionId(row.id)}
      aria-selected={selected}
      data-session-id={row.id}
      className={`session-row${selected ? ' selected' : ''}${cursor ? ' cursor' : ''}${row.subagent ? ' subagent-row' : ''}`}
      onClick={() => onOpen(row.id, index)}
    >
      <div className="row-title" title={row.title}>
        {row.title || '(untitled session)'}
      </div>
      <div className="row-meta">
        <span className="project" title={row.cwd ?? undefined}>
          {projectName(row.repo_hint ?? row.cwd)}
        </span>
        <time dateTime={time ?? undefined} title={formatFullTime(time)}>
          {formatTime(time)}
        </time>
        <span className="model">{row.model || 'unknown model'}</span>
        <span className={`cost${row.cost?.priced === true ? '' : ' muted'}`} title={describeCost(row.cost)}>
          {formatCost(row.cost)}
        </span>
      </div>
      <div className="row-counts">
        <span title="Messages you typed">{plural(row.user_messages, 'msg')}</span>
        <span title="Tool calls">{plural(row.tool_calls, 'tool')}</span>
        <span className={row.tool_errors > 0 ? 'bad' : undefined} title="Tool calls that failed">
          {plural(row.tool_errors, 'error')}
        </span>
        {row.subagent ? (
          <span
            className="badge"
            title={row.parent_thread_id ? `Spawned by ${row.parent_thread_id}` : undefined}
          >
            subagent{row.subagent.nickname ? ` · ${row.subagent.nickname}` : ''}
          </span>
        ) : null}
        {row.subagents?.count ? (
          <span
            className="badge"
            title={`${row.subagents.tokens.total.toLocaleString()} tokens beside this session's own`}
          >
            {plural(row.subagents.count, 'subagent')}
          </span>
        ) : null}
        {row.failed_turns || row.aborted_turns ? (
          <span className="bad" title="Turns that failed or were interrupted">
            {plural((row.failed_turns ?? 0) + (row.aborted_turns ?? 0), 'stopped turn')}
          </span>
        ) : null}
        {row.approval_turns ? (
          <span title="Turns in which Codex waited for you">{plural(row.approval_turns, 'wait')}</span>
        ) : null}
        {row.forked_from_id ? <span className="badge">fork</span> : null}
        {row.archived ? <span className="badge">archived</span> : null}
      </div>
      {row.snippet ? (
        <div className="row-snippet">
          {row.match_kind ? <span className="badge">{row.match_kind.replace(/_/g, ' ')}</span> : null}{' '}
          <Snippet row={row} />
        </div>
      ) : null}
    </div>
  );
}
