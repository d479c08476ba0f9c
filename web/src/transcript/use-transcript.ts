import { useMemo } from 'react';
import type { RetroApi } from '../api/client.js';
import type { Continuation, SessionMetadata, TranscriptEntry, TurnInfo } from '../api/types.js';
import { usePagedList } from '../ui/use-paged-list.js';

const PAGE_SIZE = 400;

export interface Transcript {
  metadata: SessionMetadata | null;
  continuation: Continuation | null;
  turns: TurnInfo[];
  count: number;
  total: number | null;
  entryAt(index: number): TranscriptEntry | undefined;
  ensureRange(start: number, end: number): void;
  loading: boolean;
  error: unknown;
}

interface Header {
  metadata: SessionMetadata | null;
  continuation: Continuation | null;
  turns: TurnInfo[];
}

/**
 * One session's transcript, fetched a page at a time around what is on screen. A new `revision` reads it
 * again from the start (a resumed run added to it).
 */
export function useTranscript(api: RetroApi, id: string | null, revision = 0): Transcript {
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision makes a new fetcher, which starts the list over.
  const fetchPage = useMemo(
    () =>
      id === null
        ? null
        : async (offset: number, limit: number, signal: AbortSignal) => {
            const page = await api.getTranscript(id, offset, limit, signal);
            return { ...page, items: page.messages };
          },
    [api, id, revision],
  );
  const list = usePagedList(fetchPage, {
    pageSize: PAGE_SIZE,
    initial: (): Header => ({ metadata: null, continuation: null, turns: [] }),
    onPage: (header, page) => {
      header.metadata ??= page.metadata;
      header.continuation ??= page.continuation;
      if (page.turns.length > header.turns.length) header.turns = page.turns;
    },
  });
  return {
    metadata: list.state.metadata,
    continuation: list.state.continuation,
    turns: list.state.turns,
    count: list.state.metadata === null ? 0 : list.count,
    total: list.total,
    entryAt: list.itemAt,
    ensureRange: list.ensureRange,
    loading: list.loading,
    error: list.error,
  };
}
