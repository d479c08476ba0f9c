import { setImmediate } from 'node:timers/promises';
import type { IndexProgress } from '../progress.js';
import { type ReadAhead, startReadAhead } from '../read/read-ahead.js';
import { createScanPool, type ScanPool } from './index-pool.js';
import { runScanJob, type ScanFunction, type ScanJob, type ScanOutcome } from './index-scan.js';

/**
 * Scans a list of files on the threads a sync may use and hands the outcomes over in batches, in the order the
 * scans end. With parsing workers, they take the largest files first (so one huge rollout does not run alone at
 * the end) while this thread takes the smallest; without, this thread reads them in order, a reading thread
 * ahead of it when asked.
 */

export interface RunItem {
  job: ScanJob;
  /** Bytes to read, for the progress shown and the order files are taken in. */
  size: number;
}

export interface RunOptions<T extends RunItem> {
  scan: ScanFunction;
  /** Parsing worker threads beside this one (0: none). */
  workers: number;
  /** A thread reading the files ahead of this one (only without workers; JSONL files only). */
  readAhead: boolean;
  /** Outcomes handed to `save` at once, at most. */
  batch: number;
  /** ...or fewer, once their search text adds up to this many characters. */
  batchChars: number;
  save(batch: { item: T; outcome: ScanOutcome }[]): Promise<void> | void;
  onProgress?: (progress: IndexProgress) => void;
  phase?: IndexProgress['phase'];
  /** Asked before each file: true ends the run there (what was read is still saved). */
  shouldStop?: () => boolean;
}

export interface RunReport {
  /** Files parsed by worker threads. */
  inWorkers: number;
  /** Files whose lines a reading thread read ahead of the parser. */
  readAhead: number;
}

export async function runScans<T extends RunItem>(
  items: readonly T[],
  options: RunOptions<T>,
): Promise<RunReport> {
  const report: RunReport = { inWorkers: 0, readAhead: 0 };
  const progress: IndexProgress = { done: 0, total: items.length, bytesDone: 0, bytesTotal: 0 };
  if (options.phase) progress.phase = options.phase;
  for (const item of items) progress.bytesTotal += item.size;
  const pool: ScanPool | null =
    options.workers > 0 ? createScanPool(Math.min(options.workers, items.length)) : null;
  const readAhead = options.readAhead && !pool ? startFileReader(items) : null;
  let batch: { item: T; outcome: ScanOutcome }[] = [];
  let batchChars = 0;
  const flush = async () => {
    const full = batch;
    batch = [];
    batchChars = 0;
    if (full.length > 0) await options.save(full);
  };
  const queue = pool ? [...items].sort((a, b) => b.size - a.size) : items;
  let front = 0;
  let back = queue.length;
  let stopped = false;
  const fromFront = () => (front < back ? queue[front++] : undefined);
  const fromBack = () => (front < back ? queue[--back] : undefined);
  const inProcess = async (job: ScanJob) => {
    // Let worker results in between files: a small rollout parses without ever waiting.
    if (pool) await setImmediate();
    const lines = readAhead?.take(job.path) ?? null;
    if (lines) report.readAhead += 1;
    return runScanJob(options.scan, job, lines);
  };
  const inWorker = async (job: ScanJob) => {
    const outcome = (await pool?.run(job)) ?? null;
    if (outcome) report.inWorkers += 1;
    return outcome ?? runScanJob(options.scan, job);
  };
  const runLane = async (take: () => T | undefined, scan: (job: ScanJob) => Promise<ScanOutcome>) => {
    try {
      for (let item = take(); item && !stopped && !options.shouldStop?.(); item = take()) {
        // Scan first: `batch` is swapped by a flush while this lane waits, and the result goes in the new one.
        const outcome = await scan(item.job);
        batch.push({ item, outcome });
        if (outcome.ok) for (const doc of outcome.result.docs) batchChars += doc.text.length;
        if (batch.length >= options.batch || batchChars >= options.batchChars) await flush();
        progress.done += 1;
        progress.bytesDone += item.size;
        options.onProgress?.({ ...progress });
      }
    } catch (error) {
      // The cache failed (e.g. a damaged page): stop every lane, the caller rebuilds.
      stopped = true;
      throw error;
    }
  };
  const lanes = pool
    ? [
        ...Array.from({ length: pool.slots }, () => runLane(fromFront, inWorker)),
        runLane(fromBack, inProcess),
      ]
    : // One file after another, in the order they were read.
      [runLane(fromFront, inProcess)];
  try {
    await Promise.all(lanes);
    await flush();
  } finally {
    await Promise.all([pool?.close(), readAhead?.close()]);
  }
  return report;
}

/** A thread reading the JSONL files of `items` in their order, each from where its scan starts. */
function startFileReader(items: readonly RunItem[]): ReadAhead {
  return startReadAhead(
    items
      .filter((item) => !item.job.path.endsWith('.json'))
      .map(({ job }) => ({ path: job.path, start: job.from?.offset ?? 0, startLine: job.from?.line ?? 0 })),
  );
}
