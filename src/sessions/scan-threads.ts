/**
 * The threads a large scan uses besides this one, which parses: with three cores or more, one saves to the
 * cache and the rest parse too (at most four). On two cores the second is already busy with the parsing
 * thread's compiler and garbage collector: extra threads measured no faster, for a quarter more CPU.
 */
export function largeScanThreads(cores: number): { workers: number; writerThread: boolean } {
  return { workers: Math.min(Math.max(cores - 2, 0), 4), writerThread: cores > 2 };
}
