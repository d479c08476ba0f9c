import { useCallback, useRef, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { SessionQuery, SessionRow } from '../api/types.js';
import { usePagedList } from '../ui/use-paged-list.js';

const PAGE_SIZE = 200;
/** Project directories remembered for the filter's suggestions. */
const MAX_PROJECTS = 500;

export interface SessionPages {
  /** Rows the list shows: the server's total, or what is loaded plus one row while more may come. */
  count: number;
  total: number | null;
  rowAt(index: number): SessionRow | undefined;
  indexOf(id: string): number;
  ensureRange(start: number, end: number): void;
  /** Working directories of every session loaded so far (kept across searches), sorted. */
  projects: string[];
  /** Sessions in the Codex home before any filter, from the last page loaded. */
  homeTotal: number | null;
  loading: boolean;
  error: unknown;
}

/** Sessions fetched a page at a time as the list scrolls, so 10,000 sessions cost what is on screen. */
export function useSessionPages(api: RetroApi, query: SessionQuery): SessionPages {
  const projects = useRef(new Set<string>());
  const [projectList, setProjectList] = useState<string[]>([]);
  const [homeTotal, setHomeTotal] = useState<number | null>(null);
  const fetchPage = useCallback(
    (offset: number, limit: number, signal: AbortSignal) => api.listSessions(query, offset, limit, signal),
    [api, query],
  );
  const list = usePagedList(fetchPage, {
    pageSize: PAGE_SIZE,
    initial: () => new Map<string, number>(),
    onPage: (positions, page, offset) => {
      setHomeTotal(page.homeTotal);
      for (const [i, row] of page.items.entries()) positions.set(row.id, offset + i);
      const known = projects.current.size;
      for (const row of page.items) {
        if (row.cwd && projects.current.size < MAX_PROJECTS) projects.current.add(row.cwd);
      }
      if (projects.current.size !== known) setProjectList([...projects.current].sort());
    },
  });
  return {
    count: list.count,
    total: list.total,
    rowAt: list.itemAt,
    indexOf: (id) => list.state.get(id) ?? -1,
    ensureRange: list.ensureRange,
    projects: projectList,
    homeTotal,
    loading: list.loading,
    error: list.error,
  };
}
