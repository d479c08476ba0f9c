import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { SearchHit, ServerStatus, SessionQuery, SessionSummary } from '../api/types.js';
import { ErrorNotice } from '../ui/error-notice.js';
import { isTyping } from '../ui/keys.js';
import { VirtualList, type VirtualListHandle } from '../virtual/virtual-list.js';
import { EmptyList, SampleNotice } from './list-notes.js';
import { SessionFilters } from './session-filters.js';
import { SessionRow, searchHitOf, sessionOptionId } from './session-row.js';
import { useSessionPages } from './use-session-pages.js';

const DEFAULT_QUERY: SessionQuery = {
  search: '',
  project: '',
  days: null,
  archived: false,
  includeOwn: false,
  includeSubagents: false,
};

interface SessionsPanelProps {
  api: RetroApi;
  selected: string | null;
  /** Opens a session; a search hit's at the entry that holds it. */
  onOpen: (id: string, hit?: SearchHit) => void;
  /** Called when a shortcut needs this panel on screen (narrow layouts show one panel at a time). */
  onReveal: () => void;
  /** The open session as the transcript describes it, pinned on top while its row is not loaded. */
  selectedSummary: SessionSummary | null;
  status: ServerStatus | null;
}

/** Left panel: search, filters and the (virtualized, paged) list of sessions, newest first. */
export function SessionsPanel({
  api,
  selected,
  onOpen,
  onReveal,
  selectedSummary,
  status,
}: SessionsPanelProps): ReactNode {
  const [query, setQuery] = useState<SessionQuery>(DEFAULT_QUERY);
  const pages = useSessionPages(api, query);
  const [cursor, setCursor] = useState(-1);
  const listRef = useRef<VirtualListHandle | null>(null);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const selectedIndex = selected ? pages.indexOf(selected) : -1;

  useEffect(() => {
    if (selectedIndex < 0) return;
    setCursor(selectedIndex);
    listRef.current?.scrollToIndex(selectedIndex);
  }, [selectedIndex]);

  const moveCursor = useCallback(
    (delta: number) => {
      if (pages.count === 0) return;
      const next = Math.max(0, Math.min(pages.count - 1, cursor + delta));
      setCursor(next);
      listRef.current?.scrollToIndex(next);
    },
    [pages.count, cursor],
  );

  const openCursor = useCallback(() => {
    const row = pages.rowAt(Math.max(0, cursor));
    if (row) onOpen(row.id, searchHitOf(row));
  }, [pages, cursor, onOpen]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/' && !isTyping(event.target)) {
        event.preventDefault();
        onReveal();
        searchRef.current?.focus();
        // On a narrow screen the panel only shows after the tab switch renders.
        if (document.activeElement !== searchRef.current)
          requestAnimationFrame(() => searchRef.current?.focus());
      } else if ((event.key === 'j' || event.key === 'k') && !isTyping(event.target)) {
        event.preventDefault();
        onReveal();
        moveCursor(event.key === 'j' ? 1 : -1);
        listRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [moveCursor, onReveal]);

  const onListKey = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveCursor(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openCursor();
    }
  };

  const onSearchKey = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      moveCursor(1);
      listRef.current?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openCursor();
    } else if (event.key === 'Escape') {
      event.currentTarget.blur();
    }
  };

  const cursorRow = cursor >= 0 ? pages.rowAt(cursor) : undefined;
  const selectedMissing = selected !== null && selectedIndex < 0 && !pages.loading;

  return (
    <section className="panel sessions-panel" aria-label="Sessions">
      <SampleNotice status={status} />
      <SessionFilters
        query={query}
        onChange={setQuery}
        searchRef={searchRef}
        onSearchKey={onSearchKey}
        projects={pages.projects}
      />
      <div className="list-status" aria-live="polite">
        {pages.total !== null ? `${pages.total.toLocaleString()} sessions` : pages.loading ? 'Loading…' : ''}
        {pages.loading && pages.total !== null ? ' · loading…' : ''}
      </div>
      {pages.error ? <ErrorNotice error={pages.error} title="Could not list sessions" /> : null}
      {selectedMissing && selectedSummary?.id === selected ? (
        <div className="pinned" role="listbox" aria-label="Open session">
          <p className="muted small">Open session — further down the list, or hidden by the filters</p>
          <SessionRow row={selectedSummary} index={-1} selected cursor={false} onOpen={(id) => onOpen(id)} />
        </div>
      ) : null}
      {pages.count === 0 && !pages.loading && !pages.error ? (
        <EmptyList query={query} homeTotal={pages.homeTotal} status={status} />
      ) : null}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the listbox takes arrow keys and Enter. */}
      <div className="list-wrap" onKeyDown={onListKey}>
        <VirtualList
          handleRef={listRef}
          count={pages.count}
          estimateHeight={76}
          overscan={600}
          getKey={(i) => pages.rowAt(i)?.id ?? `pending-${i}`}
          onRangeChange={pages.ensureRange}
          innerRole="listbox"
          ariaLabel="Sessions, newest first"
          ariaActiveDescendant={cursorRow ? sessionOptionId(cursorRow.id) : undefined}
          activeIndex={cursorRow ? cursor : undefined}
          tabIndex={0}
          testId="session-list"
          renderItem={(i) => (
            <SessionRow
              row={pages.rowAt(i)}
              index={i}
              selected={pages.rowAt(i)?.id === selected}
              cursor={i === cursor}
              onOpen={(id, index) => {
                setCursor(index);
                const row = pages.rowAt(index);
                onOpen(id, row?.id === id ? searchHitOf(row) : undefined);
              }}
            />
          )}
        />
      </div>
    </section>
  );
}
