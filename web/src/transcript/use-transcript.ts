import { useCallback, useEffect, useRef, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { SessionMetadata, TranscriptEntry, TurnInfo } from '../api/types.js';

const PAGE_SIZE = 400;

interface Store {
  id: string | null;
  entries: (TranscriptEntry | undefined)[];
  requested: Set<number>;
  total: number | null;
  exhausted: boolean;
  metadata: SessionMetadata | null;
  turns: TurnInfo[];
  controller: AbortController;
}

function emptyStore(id: string | null): Store {
  return {
    id,
    entries: [],
    requested: new Set(),
    total: null,
    exhausted: false,
    metadata: null,
    turns: [],
    controller: new AbortController(),
  };
}

export interface Transcript {
  metadata: SessionMetadata | null;
  turns: TurnInfo[];
  count: number;
  total: number | null;
  entryAt(index: number): TranscriptEntry | undefined;
  ensureRange(start: number, end: number): void;
  loading: boolean;
  error: unknown;
}

/** One session's transcript, fetched a page at a time around what is on screen. */
export function useTranscript(api: RetroApi, id: string | null): Transcript {
  const store = useRef<Store>(emptyStore(null));
  const [, setVersion] = useState(0);
  const [loading, setLoading] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const loadPage = useCallback(
    (page: number) => {
      const current = store.current;
      if (current.id === null || current.requested.has(page)) return;
      current.requested.add(page);
      setLoading((n) => n + 1);
      api
        .getTranscript(current.id, page * PAGE_SIZE, PAGE_SIZE, current.controller.signal)
        .then((result) => {
          if (store.current !== current) return;
          result.messages.forEach((entry, i) => {
            current.entries[page * PAGE_SIZE + i] = entry;
          });
          current.metadata ??= result.metadata;
          if (result.turns.length > current.turns.length) current.turns = result.turns;
          if (result.total !== null) current.total = result.total;
          if (result.messages.length < PAGE_SIZE) current.exhausted = true;
          setError(null);
          setVersion((v) => v + 1);
        })
        .catch((reason: unknown) => {
          if (store.current !== current) return;
          current.requested.delete(page);
          setError(reason);
        })
        .finally(() => setLoading((n) => n - 1));
    },
    [api],
  );

  useEffect(() => {
    store.current.controller.abort();
    store.current = emptyStore(id);
    setError(null);
    setVersion((v) => v + 1);
    if (id !== null) loadPage(0);
  }, [id, loadPage]);

  const current = store.current;
  const loadedFirst = current.metadata !== null;
  const count = !loadedFirst ? 0 : (current.total ?? current.entries.length + (current.exhausted ? 0 : 1));

  const ensureRange = useCallback(
    (start: number, end: number) => {
      const s = store.current;
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
        if (s.total !== null && page * PAGE_SIZE >= s.total) break;
        if (s.total === null && s.exhausted && page * PAGE_SIZE >= s.entries.length) break;
        loadPage(page);
      }
    },
    [loadPage],
  );

  return {
    metadata: current.metadata,
    turns: current.turns,
    count,
    total: current.total ?? (current.exhausted ? current.entries.length : null),
    entryAt: (index) => store.current.entries[index],
    ensureRange,
    loading: loading > 0,
    error,
  };
}
