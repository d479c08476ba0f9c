import { useCallback, useEffect, useRef, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { SessionQuery, SessionRow } from '../api/types.js';

const PAGE_SIZE = 200;

interface Store {
  rows: (SessionRow | undefined)[];
  positions: Map<string, number>;
  requested: Set<number>;
  total: number | null;
  exhausted: boolean;
  controller: AbortController;
}

function emptyStore(): Store {
  return {
    rows: [],
    positions: new Map(),
    requested: new Set(),
    total: null,
    exhausted: false,
    controller: new AbortController(),
  };
}

export interface SessionPages {
  /** Rows the list shows: the server's total, or what is loaded plus one row while more may come. */
  count: number;
  total: number | null;
  rowAt(index: number): SessionRow | undefined;
  indexOf(id: string): number;
  ensureRange(start: number, end: number): void;
  /** Working directories of every session loaded so far (kept across searches), sorted. */
  projects: string[];
  loading: boolean;
  error: unknown;
}

/** Sessions fetched a page at a time as the list scrolls, so 10,000 sessions cost what is on screen. */
export function useSessionPages(api: RetroApi, query: SessionQuery): SessionPages {
  const store = useRef<Store>(emptyStore());
  const projects = useRef(new Set<string>());
  const [projectList, setProjectList] = useState<string[]>([]);
  const [, setVersion] = useState(0);
  const [loading, setLoading] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const loadPage = useCallback(
    (page: number) => {
      const current = store.current;
      if (current.requested.has(page)) return;
      current.requested.add(page);
      setLoading((n) => n + 1);
      api
        .listSessions(query, page * PAGE_SIZE, PAGE_SIZE, current.controller.signal)
        .then(({ items, total }) => {
          if (store.current !== current) return;
          items.forEach((row, i) => {
            current.rows[page * PAGE_SIZE + i] = row;
            current.positions.set(row.id, page * PAGE_SIZE + i);
          });
          const known = projects.current.size;
          for (const row of items) if (row.cwd && projects.current.size < 500) projects.current.add(row.cwd);
          if (projects.current.size !== known) setProjectList([...projects.current].sort());
          if (total !== null) current.total = total;
          if (items.length < PAGE_SIZE) current.exhausted = true;
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
    [api, query],
  );

  useEffect(() => {
    store.current.controller.abort();
    store.current = emptyStore();
    setError(null);
    setVersion((v) => v + 1);
    loadPage(0);
  }, [loadPage]);

  const current = store.current;
  const count =
    current.total ?? current.rows.length + (current.exhausted || current.requested.size === 0 ? 0 : 1);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
        const s = store.current;
        if (s.total !== null && page * PAGE_SIZE >= s.total) break;
        if (s.total === null && s.exhausted && page * PAGE_SIZE >= s.rows.length) break;
        loadPage(page);
      }
    },
    [loadPage],
  );

  return {
    count,
    total: current.total ?? (current.exhausted ? current.rows.length : null),
    rowAt: (index) => store.current.rows[index],
    indexOf: (id) => store.current.positions.get(id) ?? -1,
    ensureRange,
    projects: projectList,
    loading: loading > 0,
    error,
  };
}
