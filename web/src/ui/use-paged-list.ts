import { useCallback, useEffect, useRef, useState } from 'react';

/** One page as the server answers it. */
export interface PageResult<T> {
  items: T[];
  /** The whole list's length when the server knows it. */
  total: number | null;
}

export type FetchPage<R> = (offset: number, limit: number, signal: AbortSignal) => Promise<R>;

export interface PagedListOptions<R, S> {
  pageSize: number;
  /** What the caller keeps beside the items of one list; made anew when the list starts over. */
  initial: () => S;
  /** Sees each page as it lands, never a page of a list that has started over since. */
  onPage?: (state: S, page: R, offset: number) => void;
}

export interface PagedList<T, S> {
  /** Rows to show: the server's total, or what is loaded plus one row while more may come. */
  count: number;
  total: number | null;
  itemAt(index: number): T | undefined;
  ensureRange(start: number, end: number): void;
  /** The caller's state of the list as it is now. */
  state: S;
  loading: boolean;
  error: unknown;
}

interface Store<T, S> {
  items: (T | undefined)[];
  requested: Set<number>;
  total: number | null;
  exhausted: boolean;
  state: S;
  controller: AbortController;
}

function emptyStore<T, S>(state: S): Store<T, S> {
  return {
    items: [],
    requested: new Set(),
    total: null,
    exhausted: false,
    state,
    controller: new AbortController(),
  };
}

/**
 * A long list fetched a page at a time around what is on screen, so its length costs only what is shown.
 * A new `fetchPage` (null: nothing to show) starts the list over, cancelling what the old one still had in flight.
 */
export function usePagedList<R extends PageResult<unknown>, S>(
  fetchPage: FetchPage<R> | null,
  options: PagedListOptions<R, S>,
): PagedList<R['items'][number], S> {
  type T = R['items'][number];
  const latest = useRef(options);
  latest.current = options;
  const store = useRef<Store<T, S> | null>(null);
  store.current ??= emptyStore(options.initial());
  const [, setVersion] = useState(0);
  const [loading, setLoading] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const { pageSize } = options;

  const loadPage = useCallback(
    (page: number) => {
      const current = store.current;
      if (!fetchPage || !current || current.requested.has(page)) return;
      current.requested.add(page);
      setLoading((n) => n + 1);
      fetchPage(page * pageSize, pageSize, current.controller.signal)
        .then((result) => {
          if (store.current !== current) return;
          result.items.forEach((item, i) => {
            current.items[page * pageSize + i] = item;
          });
          if (result.total !== null) current.total = result.total;
          if (result.items.length < pageSize) current.exhausted = true;
          latest.current.onPage?.(current.state, result, page * pageSize);
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
    [fetchPage, pageSize],
  );

  useEffect(() => {
    store.current?.controller.abort();
    store.current = emptyStore(latest.current.initial());
    setError(null);
    setVersion((v) => v + 1);
    loadPage(0);
  }, [loadPage]);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      for (let page = Math.floor(start / pageSize); page <= Math.floor(end / pageSize); page++) {
        const s = store.current;
        if (!s || (s.total !== null && page * pageSize >= s.total)) break;
        if (s.total === null && s.exhausted && page * pageSize >= s.items.length) break;
        loadPage(page);
      }
    },
    [loadPage, pageSize],
  );

  const current = store.current;
  return {
    count:
      current.total ?? current.items.length + (current.exhausted || current.requested.size === 0 ? 0 : 1),
    total: current.total ?? (current.exhausted ? current.items.length : null),
    itemAt: (index) => store.current?.items[index],
    ensureRange,
    state: current.state,
    loading: loading > 0,
    error,
  };
}
