/** Threads a large scan starts beside the one that parses. */
export interface ScanThreads {
  /** Threads parsing too (the files are then shared out as they come). */
  workers: number;
  /** A thread saving to the cache. */
  writerThread: boolean;
  /** A thread reading the rollouts ahead of the parser (only without parsing workers). */
  readAhead: boolean;
}

/**
 * The threads a large scan uses besides this one, which parses: with three cores or more, one saves to the
 * cache and the rest parse too (at most four). With two, the second core is partly busy with the parsing
 * thread's compiler and garbage collector: another parser measured slower there, while a thread reading
 * ahead and one saving take the reads and SQLite off the parsing thread.
 */
export function largeScanThreads(cores: number): ScanThreads {
  return {
    workers: Math.min(Math.max(cores - 2, 0), 4),
    writerThread: cores >= 2,
    readAhead: cores === 2,
  };
}
