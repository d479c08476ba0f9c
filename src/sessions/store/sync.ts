import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IndexDb } from '../index/index-db.js';
import { type Scanner, type SyncReport, syncIndex } from '../index/index-sync.js';
import type { IndexProgress } from '../progress.js';
import { largeScanThreads } from '../scan/scan-threads.js';

/** What a search text reading in the background reads before it looks whether a request waits. */
const BACKGROUND_SLICE_BYTES = 8 * 1024 * 1024;
/** ...and how long after a request it waits before it reads on: a person paging through a transcript goes first. */
const BACKGROUND_QUIET_MS = 1000;

interface SyncOptions {
  onProgress?: (progress: IndexProgress) => void;
  /** The threads of large readings, as the store's options name them; unset, as the cores allow. */
  workers?: number;
  writerThread?: boolean;
  readAhead?: boolean;
}

/** Brings the index up to date with the disk, one reading at a time, the background's after every other call. */
export interface IndexSync {
  /** What the list reads of every new and grown rollout. */
  syncList(): Promise<SyncReport>;
  /** The search text of every rollout the list has read, for a search. */
  syncText(): Promise<unknown>;
  /**
   * The same in the background: it gives way to every call that comes meanwhile and, after a quiet moment, goes
   * on from where it stopped, until everything is read or `signal` is aborted.
   */
  prepareSearch(signal?: AbortSignal): Promise<void>;
  /** Notes a call of the person's: a reading in the background waits for a quiet moment after it. */
  touch(): void;
  /** Waits for the reading under way, if any, however it ends. */
  settled(): Promise<void>;
}

export function createIndexSync(
  cache: { readonly db: IndexDb },
  codexHome: string,
  scanner: Scanner,
  options: SyncOptions,
): IndexSync {
  const threads = largeScanThreads(availableParallelism());
  const workers = options.workers ?? threads.workers;
  const textWorkers =
    options.workers === undefined ? threads.textWorkers : Math.min(options.workers, threads.textWorkers);
  const writerThread = options.writerThread ?? threads.writerThread;
  const readAhead = options.readAhead ?? threads.readAhead;

  let syncing: Promise<unknown> | null = null;
  /** Calls waiting for the sync under way: a search text read in the background gives way to them. */
  let waiting = 0;
  /** When a call other than the background reading last came: that reading waits for a quiet moment. */
  let lastCall = Number.NEGATIVE_INFINITY;
  const touch = () => {
    lastCall = performance.now();
  };
  const busy = () => waiting > 0 || performance.now() - lastCall < BACKGROUND_QUIET_MS;
  /** One sync at a time per store, so concurrent requests never continue the same file twice. */
  async function exclusive<T>(work: () => Promise<T>, background = false): Promise<T> {
    if (!background) touch();
    waiting += 1;
    try {
      while (syncing) await syncing.catch(() => {});
    } finally {
      waiting -= 1;
    }
    const run = work();
    syncing = run;
    try {
      return await run;
    } finally {
      syncing = null;
    }
  }
  const syncList = (background = false): Promise<SyncReport> =>
    exclusive(
      () => syncIndex(cache.db, codexHome, scanner, { onProgress: options.onProgress, workers }),
      background,
    );
  /**
   * Read in the `background`, the search text stops at the next file or slice once another call waits or came a
   * moment ago, what it read saved.
   */
  const syncText = (background?: { signal?: AbortSignal | undefined }) =>
    exclusive(
      async () =>
        (await import('../index/search-text.js')).syncSearchText(cache.db, scanner, {
          onProgress: options.onProgress,
          // In the background, on this thread alone (it leaves the other cores, and the memory threads take, to what
          // the person is doing) and in small slices: a request waits at most for the slice under way.
          ...(background
            ? {
                shouldStop: () => busy() || background.signal?.aborted === true,
                workers: 0,
                sliceBytes: BACKGROUND_SLICE_BYTES,
              }
            : { workers: textWorkers, writerThread, readAhead }),
        }),
      background !== undefined,
    );

  return {
    syncList: () => syncList(),
    syncText: () => syncText(),
    async prepareSearch(signal) {
      while (!signal?.aborted) {
        await syncList(true);
        if ((await syncText({ signal })).done) return;
        while (!signal?.aborted && (syncing || busy()))
          await (syncing ?? sleep(BACKGROUND_QUIET_MS / 4)).catch(() => {});
      }
    },
    touch,
    async settled() {
      await syncing?.catch(() => {});
    },
  };
}
