/** Threads a large scan starts beside the one that parses. */
export interface ScanThreads {
  /** Threads parsing too when the session list reads many rollouts (the files are shared out as they come). */
  workers: number;
  /** Threads parsing too when the search text is read (a writer thread takes a core of its own there). */
  textWorkers: number;
  /** A thread saving the search text to the cache. */
  writerThread: boolean;
  /** A thread reading the rollouts ahead of the parser for the search text (only without parsing workers). */
  readAhead: boolean;
}

/** Most parsing workers a list starts: reading from the page cache stops scaling before the cores do. */
const MAX_WORKERS = 7;

/**
 * The threads a large scan uses besides this one, which parses too. The session list's reading is parsing alone
 * (what it saves is a row per file): every other core parses. The search text's reading also redacts and saves
 * to SQLite/FTS5: with three cores or more, one thread saves and the rest parse (at most four); with two, one
 * saves and one reads ahead, as another parser measured slower there.
 */
export function largeScanThreads(cores: number): ScanThreads {
  return {
    workers: Math.min(Math.max(cores - 1, 0), MAX_WORKERS),
    textWorkers: Math.min(Math.max(cores - 2, 0), 4),
    writerThread: cores >= 2,
    readAhead: cores === 2,
  };
}
