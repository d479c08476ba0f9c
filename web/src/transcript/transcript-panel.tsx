import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { SessionMetadata } from '../api/types.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { describeCost, formatCost, formatFullTime, plural, projectName } from '../ui/format.js';
import { isTyping } from '../ui/keys.js';
import { sessionPath } from '../ui/use-route.js';
import { VirtualList, type VirtualListHandle } from '../virtual/virtual-list.js';
import { EntryRow } from './entry-row.js';
import { clearMarkedTerms, markTerms, revealRange } from './mark-terms.js';
import { useEntryTarget } from './use-entry-target.js';
import type { Transcript } from './use-transcript.js';

function issueCount(metadata: SessionMetadata): number {
  return Object.values(metadata.parse_issues?.counts ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);
}

function SessionLink({
  id,
  onOpen,
  children,
}: {
  id: string;
  onOpen: (id: string) => void;
  children: ReactNode;
}) {
  return (
    <a
      href={sessionPath(id)}
      onClick={(event) => {
        event.preventDefault();
        onOpen(id);
      }}
    >
      {children}
    </a>
  );
}

/** The subagents this session spawned (and theirs), under it: what each was asked and what it used. */
function SubagentList({ metadata, onOpen }: { metadata: SessionMetadata; onOpen: (id: string) => void }) {
  const subagents = metadata.subagents;
  if (!subagents || subagents.descendants === 0) return null;
  return (
    <details className="subagents" open={subagents.descendants <= 5}>
      <summary>
        {plural(subagents.count, 'subagent')} spawned
        {subagents.descendants > subagents.count ? ` (${subagents.descendants} in all)` : ''} ·{' '}
        {subagents.tokens.total.toLocaleString()} tokens beside this session's own
      </summary>
      <ul>
        {subagents.sessions.map((agent) => (
          <li key={agent.id} className={`depth-${Math.min(4, Math.max(1, agent.depth ?? 1))}`}>
            <SessionLink id={agent.id} onOpen={onOpen}>
              {agent.nickname ?? agent.id.slice(0, 8)}
            </SessionLink>
            {agent.role ? <span className="muted"> ({agent.role})</span> : null}:{' '}
            {agent.title || '(no instruction)'}{' '}
            <span className="muted small">{agent.tokens.total.toLocaleString()} tokens</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function SessionHeader({ metadata, onOpen }: { metadata: SessionMetadata; onOpen: (id: string) => void }) {
  const issues = issueCount(metadata);
  return (
    <header className="transcript-head">
      <h2 title={metadata.title}>{metadata.title || '(untitled session)'}</h2>
      <p className="meta-line">
        <span title={metadata.cwd ?? undefined}>{projectName(metadata.repo_hint ?? metadata.cwd)}</span>
        <span>{formatFullTime(metadata.started_at)}</span>
        <span>{metadata.model || 'unknown model'}</span>
        {metadata.cli_version ? <span>codex {metadata.cli_version}</span> : null}
        <span>{plural(metadata.user_messages, 'message')}</span>
        <span>{plural(metadata.tool_calls, 'tool call')}</span>
        <span className={metadata.tool_errors ? 'bad' : undefined}>
          {plural(metadata.tool_errors, 'tool error')}
        </span>
        <span className="cost" title={describeCost(metadata.cost)}>
          {formatCost(metadata.cost)}
        </span>
        {metadata.failed_turns ? (
          <span className="bad">{plural(metadata.failed_turns, 'failed turn')}</span>
        ) : null}
        {metadata.aborted_turns ? (
          <span className="bad">{plural(metadata.aborted_turns, 'interrupted turn')}</span>
        ) : null}
        {metadata.approval_turns ? (
          <span title="Turns in which Codex asked you something or asked to run outside the sandbox">
            {plural(metadata.approval_turns, 'turn')} waiting for you
          </span>
        ) : null}
        {metadata.archived ? <span className="badge">archived</span> : null}
      </p>
      <p className="meta-line muted small">
        <code>{metadata.id}</code>
        {metadata.forked_from_id ? (
          <span>
            forked from{' '}
            <SessionLink id={metadata.forked_from_id} onOpen={onOpen}>
              {metadata.forked_from_id.slice(0, 8)}…
            </SessionLink>
          </span>
        ) : null}
        {metadata.subagent ? (
          <span>
            subagent{metadata.subagent.nickname ? ` ${metadata.subagent.nickname}` : ''}
            {metadata.parent_thread_id ? (
              <>
                {' '}
                of{' '}
                <SessionLink id={metadata.parent_thread_id} onOpen={onOpen}>
                  {metadata.parent_thread_id.slice(0, 8)}…
                </SessionLink>
              </>
            ) : (
              ' (no parent session recorded)'
            )}
          </span>
        ) : null}
      </p>
      {metadata.codex_retro_turns ? (
        <p className="notice small" role="status">
          codex-retro resumed this session: {plural(metadata.codex_retro_turns, 'turn')} below{' '}
          {metadata.codex_retro_turns === 1 ? 'is' : 'are'} codex-retro's, marked as such and not counted as
          yours.
        </p>
      ) : null}
      {metadata.cost?.reason ? (
        <p className="notice small cost-note">
          Cost {formatCost(metadata.cost)}: {metadata.cost.reason}.
        </p>
      ) : null}
      <SubagentList metadata={metadata} onOpen={onOpen} />
      {issues > 0 ? (
        <p className="notice warn small" role="status">
          {plural(issues, 'line')} of this rollout could not be read and {issues === 1 ? 'is' : 'are'} left
          out (
          {Object.entries(metadata.parse_issues.counts)
            .map(([kind, n]) => `${kind.replace(/_/g, ' ')}: ${n}`)
            .join(', ')}
          ).
        </p>
      ) : null}
    </header>
  );
}

interface TranscriptPanelProps {
  api: RetroApi;
  transcript: Transcript;
  sessionId: string | null;
  onOpen: (id: string) => void;
  /** The rollout line of an entry to bring into view and mark (an insight's citation), or null. */
  targetLine?: number | null;
  /** Changes each time the same entry is asked for again, to bring it back into view. */
  targetRequest?: number;
  /** Words a search matched in the target entry: it is opened whole, and they are marked and scrolled to. */
  targetTerms?: readonly string[];
}

/** Center panel: the selected session, read-only and faithful, windowed so huge sessions stay fast. */
export function TranscriptPanel(props: TranscriptPanelProps): ReactNode {
  const {
    api,
    transcript,
    sessionId,
    onOpen,
    targetLine = null,
    targetRequest = 0,
    targetTerms = [],
  } = props;
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set());
  const list = useRef<VirtualListHandle | null>(null);
  const target = useEntryTarget(api, sessionId, transcript, targetLine);
  const targetIndex = target.state === 'found' ? target.index : null;

  // The entry is scrolled to (estimated heights first), then centred and focused once it is drawn; a search
  // hit's entry is opened whole and the words it matched marked, the first of them centred.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new request for the entry scrolls again.
  useEffect(() => {
    if (targetIndex === null) return;
    const terms = targetTerms;
    if (terms.length > 0)
      setExpanded((current) => (current.has(targetIndex) ? current : new Set(current).add(targetIndex)));
    list.current?.scrollToIndex(targetIndex, 'start');
    let tries = 0;
    let frame = requestAnimationFrame(function reveal() {
      const row = document.querySelector<HTMLElement>('.entry-target > .entry:not(.placeholder)');
      const first = row ? markTerms(row, terms) : null;
      if (row && (first || terms.length === 0 || tries >= 30)) {
        if (first) revealRange(first);
        else row.scrollIntoView({ block: 'center' });
        row.focus({ preventScroll: true });
      } else if (tries++ < 120) {
        frame = requestAnimationFrame(reveal);
      }
    });
    return () => {
      cancelAnimationFrame(frame);
      clearMarkedTerms();
    };
  }, [targetIndex, targetRequest]);

  const toggle = useCallback((index: number) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  }, []);

  const failedTurns = useMemo(
    () => new Set(transcript.turns.filter((t) => t.status === 'failed' && t.turn_id).map((t) => t.turn_id)),
    [transcript.turns],
  );

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'o' || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-entry]');
    if (!row) return;
    event.preventDefault();
    toggle(Number(row.dataset.entry));
  };

  if (!sessionId) {
    return (
      <section className="panel transcript-panel" aria-label="Transcript">
        <div className="empty-state">
          <h2>No session selected</h2>
          <p>
            Pick a session on the left (or press <kbd>/</kbd> to search, <kbd>j</kbd>/<kbd>k</kbd> to move,{' '}
            <kbd>Enter</kbd> to open).
          </p>
        </div>
      </section>
    );
  }

  return (
    <section className="panel transcript-panel" aria-label="Transcript" onKeyDown={onKeyDown}>
      {transcript.metadata ? <SessionHeader metadata={transcript.metadata} onOpen={onOpen} /> : null}
      {transcript.error ? <ErrorNotice error={transcript.error} title="Could not load this session" /> : null}
      {!transcript.metadata && !transcript.error ? <p className="muted pad">Loading transcript…</p> : null}
      {target.state === 'missing' ? (
        <p className="notice warn small" role="status">
          Entry #{target.line} is not in this transcript.
        </p>
      ) : null}
      {transcript.metadata ? (
        <VirtualList
          key={sessionId}
          count={transcript.count}
          estimateHeight={90}
          overscan={800}
          getKey={(i) => i}
          onRangeChange={transcript.ensureRange}
          innerRole="feed"
          ariaLabel={`Transcript, ${transcript.total ?? 'loading'} entries`}
          ariaBusy={transcript.loading}
          testId="transcript"
          className="transcript-list"
          handleRef={list}
          renderItem={(i) => {
            const entry = transcript.entryAt(i);
            const row = (
              <EntryRow
                entry={entry}
                index={i}
                expanded={expanded.has(i)}
                failedTurn={entry?.turn_id !== undefined && failedTurns.has(entry.turn_id)}
                onToggle={toggle}
              />
            );
            return i === targetIndex ? <div className="entry-target">{row}</div> : row;
          }}
        />
      ) : null}
    </section>
  );
}
