import type { ReactNode } from 'react';
import type { TranscriptEntry } from '../api/types.js';
import { formatBytes, formatDuration, formatFullTime } from '../ui/format.js';
import { Markdown } from '../ui/markdown.js';
import { describeContext, describeToolCall, foldText } from './entry-text.js';
import { PatchDiff } from './patch-diff.js';
import { PatchText } from './patch-text.js';

interface EntryRowProps {
  entry: TranscriptEntry | undefined;
  index: number;
  expanded: boolean;
  failedTurn: boolean;
  onToggle: (index: number) => void;
}

const ROLE_LABEL: Record<string, string> = {
  user: 'You',
  assistant: 'Codex',
  developer: 'Developer',
  system: 'System',
  tool: 'Tool',
};

function exitClass(code: number | null | undefined): string {
  if (code === null || code === undefined) return 'exit unknown';
  return code === 0 ? 'exit ok' : 'exit bad';
}

/** Folded text with a toggle; `o` on the focused entry does the same. */
function Foldable({ text, expanded, onToggle }: { text: string; expanded: boolean; onToggle: () => void }) {
  const folded = foldText(text);
  if (!folded) return <pre className="code">{text}</pre>;
  return (
    <>
      <pre className="code">{expanded ? text : folded.head}</pre>
      <button type="button" className="btn link" aria-expanded={expanded} onClick={onToggle}>
        {expanded
          ? 'Show less'
          : `Show all${folded.hiddenLines > 0 ? ` (${folded.hiddenLines} more lines)` : ''}`}{' '}
        <kbd>o</kbd>
      </button>
    </>
  );
}

function EntryBody({ entry, index, expanded, onToggle }: Omit<EntryRowProps, 'failedTurn'>): ReactNode {
  const toggle = () => onToggle(index);
  switch (entry?.kind) {
    case 'message':
      return entry.role === 'assistant' ? (
        <Markdown text={entry.content} />
      ) : (
        <p className="user-text">{entry.content}</p>
      );
    case 'reasoning':
      return (
        <details open={expanded} onToggle={(event) => event.currentTarget.open !== expanded && toggle()}>
          <summary>Reasoning</summary>
          <Markdown text={entry.content || '(no summary recorded)'} className="reasoning-text" />
        </details>
      );
    case 'tool_call': {
      const view = describeToolCall(entry.tool?.arguments ?? entry.content);
      if (view.command === null && /^(\*\*\* Begin Patch|diff --git )/.test(view.detail)) {
        return <PatchText text={view.detail} expanded={expanded} onToggle={toggle} />;
      }
      return (
        <>
          {view.command !== null ? <pre className="code command">$ {view.command}</pre> : null}
          {view.detail ? <Foldable text={view.detail} expanded={expanded} onToggle={toggle} /> : null}
        </>
      );
    }
    case 'tool_output':
      return <Foldable text={entry.content || '(no output)'} expanded={expanded} onToggle={toggle} />;
    case 'patch':
      return <PatchDiff entry={entry} index={index} expanded={expanded} />;
    case 'context':
      // What another agent asked of this subagent is read like a message, not folded away.
      if (entry.author === 'parent_agent') return <p className="user-text">{entry.content}</p>;
      if (entry.author === 'codex-retro')
        return <Foldable text={entry.content} expanded={expanded} onToggle={toggle} />;
      return (
        <details open={expanded} onToggle={(event) => event.currentTarget.open !== expanded && toggle()}>
          <summary>{describeContext(entry.content)}</summary>
          <pre className="code">{entry.content}</pre>
        </details>
      );
    case 'compaction':
      return <p className="muted">Conversation compacted here{entry.content ? `: ${entry.content}` : ''}</p>;
    case 'error':
      return <p className="error-text">{entry.content}</p>;
    default:
      return <p>{entry?.content}</p>;
  }
}

const WAIT_LABEL: Record<string, string> = {
  user_input: 'waited for your answer',
  permissions: 'asked you for permissions',
  escalation: 'asked to run outside the sandbox',
};

const CONTEXT_AUTHOR: Record<string, string> = {
  parent_agent: 'Parent agent',
  'codex-retro': 'codex-retro',
};

function headerLabel(entry: TranscriptEntry): ReactNode {
  switch (entry.kind) {
    case 'message':
      return ROLE_LABEL[entry.role] ?? entry.role;
    case 'context':
      return entry.author ? (CONTEXT_AUTHOR[entry.author] ?? entry.author) : null;
    case 'tool_call':
      return (
        <>
          Tool call · <code>{entry.tool?.name ?? 'tool'}</code>
        </>
      );
    case 'tool_output':
      return (
        <>
          Output
          {entry.tool?.name ? (
            <>
              {' '}
              · <code>{entry.tool.name}</code>
            </>
          ) : null}{' '}
          <span className={exitClass(entry.tool?.exit_code)}>
            {entry.tool?.exit_code === null || entry.tool?.exit_code === undefined
              ? 'exit ?'
              : `exit ${entry.tool.exit_code}`}
          </span>
          {entry.tool?.duration_ms ? (
            <span className="muted"> · {formatDuration(entry.tool.duration_ms)}</span>
          ) : null}
        </>
      );
    case 'patch':
      return entry.patch?.success === false ? (
        <>
          Patch <span className="exit bad">failed</span>
        </>
      ) : (
        'Patch'
      );
    case 'error':
      if (entry.error_kind === 'turn_aborted') return 'Turn interrupted';
      if (entry.error_kind === 'turn_failed') return 'Turn failed';
      return <>Error{entry.error_kind ? ` · ${entry.error_kind.replace(/_/g, ' ')}` : ''}</>;
    case 'compaction':
      return 'Compaction';
    case 'reasoning':
      return 'Codex · thinking';
    default:
      return null;
  }
}

/** One transcript entry, drawn the way its kind deserves. */
export function EntryRow(props: EntryRowProps): ReactNode {
  const { entry, index, failedTurn } = props;
  if (!entry) {
    return (
      <div className="entry placeholder" aria-hidden="true">
        Loading…
      </div>
    );
  }
  const classes = [
    'entry',
    `kind-${entry.kind}`,
    `role-${entry.role}`,
    entry.inherited ? 'inherited' : '',
    entry.codex_retro ? 'codex-retro' : '',
    entry.author ? `author-${entry.author}` : '',
    failedTurn ? 'failed-turn' : '',
    entry.kind === 'tool_output' && (entry.tool?.exit_code ?? 0) !== 0 ? 'bad-exit' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const foldable = entry.kind !== 'message' && entry.kind !== 'compaction' && entry.kind !== 'error';
  const label = entry.kind === 'context' && !entry.author ? null : headerLabel(entry);
  const run = entry.codex_retro;
  return (
    <article
      className={classes}
      data-entry={index}
      data-kind={entry.kind}
      tabIndex={foldable ? 0 : -1}
      aria-label={entry.kind === 'context' && !entry.author ? describeContext(entry.content) : undefined}
    >
      {label !== null || entry.inherited || failedTurn || run ? (
        <header className="entry-head">
          <span className="entry-label">{label}</span>
          {entry.inherited ? <span className="badge inherited-badge">from parent session</span> : null}
          {run ? (
            <span
              className="badge codex-retro-badge"
              title={`codex-retro ${run.kind} run ${run.job_id}; not counted as yours`}
            >
              codex-retro {run.kind} run
            </span>
          ) : null}
          {entry.approval_wait ? (
            <span className="badge wait-badge">
              ⏸ {WAIT_LABEL[entry.approval_wait] ?? entry.approval_wait}
            </span>
          ) : null}
          {failedTurn && entry.kind === 'message' && entry.role === 'user' ? (
            <span className="badge bad">turn failed</span>
          ) : null}
          {entry.ts ? (
            <time className="muted small" dateTime={entry.ts} title={formatFullTime(entry.ts)}>
              {new Date(entry.ts).toLocaleTimeString()}
            </time>
          ) : null}
        </header>
      ) : null}
      <EntryBody {...props} />
      {entry.truncated ? (
        <p className="muted small">
          Cut for display: the original was {formatBytes(entry.truncated.original_bytes)}.
        </p>
      ) : null}
      {entry.images?.length ? (
        <p className="muted small">
          {entry.images.map((image) => `[image ${image.mime}, ${formatBytes(image.bytes)}]`).join(' ')}
        </p>
      ) : null}
    </article>
  );
}
