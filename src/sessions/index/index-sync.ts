import { setImmediate } from 'node:timers/promises';
import type { IndexProgress } from '../progress.js';
import { fingerprintFile } from '../read/fingerprint.js';
import { type LocateProblem, locateRollouts, type RolloutFile } from '../read/locate.js';
import { type ReadAhead, startReadAhead } from '../read/read-ahead.js';
import type { ScanCheckpoint } from '../scan/scan.js';
import type { FileKey, IndexDb } from './index-db.js';
import { createScanPool } from './index-pool.js';
import { type Scanned, type ScanWork, saveBatch } from './index-save.js';
import { runScanJob, type ScanFunction, type ScanJob, type ScanOutcome } from './index-scan.js';
import { startIndexWriter } from './index-writer.js';

/** The parser entry points the index needs; injectable so tests can count what is read. */
export interface Scanner {
  parserVersion: number;
  scanRollout: ScanFunction;
  /** True for the built-in parser, which worker threads can load on their own. */
  workerSafe?: boolean;
}

export interface SyncOptions {
  onProgress?: (progress: IndexProgress) => void;
  /** Worker threads parsing beside this one in a large scan (0: parse on this thread only). */
  workers?: number;
  /** Save to the cache on a thread of its own in a large scan (the cache must be a file). */
  writerThread?: boolean;
  /** Read the rollouts on a thread of its own in a large scan parsed on this thread alone. */
  readAhead?: boolean;
  /** Below this many bytes to read, starting threads costs more than it saves. */
  workerMinBytes?: number;
  /** Scanned files saved per transaction. */
  writeBatch?: number;
  /** A transaction is also written once the search text of its files adds up to this many characters. */
  writeBatchChars?: number;
}

export interface SyncReport {
  unchanged: number;
  scanned: number;
  continued: number;
  removed: number;
  problems: LocateProblem[];
  /** Files the parser could not scan at all. */
  failures: { path: string; message: string }[];
  /** Files parsed by worker threads. */
  inWorkers: number;
  /** Files whose lines a reading thread read ahead of the parser. */
  readAhead: number;
}

const IN_PROCESS_CONCURRENCY = 4;
const WORKER_MIN_BYTES = 128 * 1024 * 1024;
/** Files saved per transaction: fewer, larger commits let FTS5 write fewer segments (a sixth less save time). */
const WRITE_BATCH = 256;
/** ...unless their search text adds up to this many characters first: bounds what a batch holds. */
const WRITE_BATCH_CHARS = 8 * 1024 * 1024;
/** A writer thread gets smaller batches, so it saves while the parsing goes on rather than after it. */
const THREAD_WRITE_BATCH = 64;

/**
 * Brings the cache in line with the rollouts on disk. Unchanged files (same size, mtime and inode) are
 * not opened; a file that grew and still holds the bytes scanned before is continued from its checkpoint;
 * anything else is scanned again from the start; files gone from disk leave the cache.
 */
export async function syncIndex(
  db: IndexDb,
  codexHome: string,
  scanner: Scanner,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const { files, problems } = await locateRollouts(codexHome);
  const known = new Map(db.listFileKeys().map((key) => [key.path, key]));
  const report: SyncReport = {
    unchanged: 0,
    scanned: 0,
    continued: 0,
    removed: 0,
    problems,
    failures: [],
    inWorkers: 0,
    readAhead: 0,
  };
  const work: ScanWork[] = [];
  for (const file of files) {
    const key = known.get(file.path);
    known.delete(file.path);
    if (key && key.size === file.size && key.mtimeMs === file.mtimeMs && key.ino === file.ino) {
      report.unchanged += 1;
    } else {
      const from = key ? await findContinuation(db, scanner, file, key) : null;
      work.push({ file, key, job: { path: file.path, from } });
    }
  }
  for (const gone of known.values()) {
    db.deleteFile(gone.id);
    report.removed += 1;
  }
  if (work.length === 0) return report;

  const progress = { done: 0, total: work.length, bytesDone: 0, bytesTotal: 0 };
  for (const item of work) progress.bytesTotal += item.file.size;
  const poolSize = Math.min(options.workers ?? 0, work.length);
  const minBytes = options.workerMinBytes ?? WORKER_MIN_BYTES;
  const large = progress.bytesTotal >= minBytes;
  const pool = scanner.workerSafe && poolSize > 0 && large ? createScanPool(poolSize) : null;
  // SQLite on a thread of its own: the parsing threads never wait for it.
  const writer =
    options.writerThread && large && db.file !== ':memory:'
      ? startIndexWriter(db.file, scanner.parserVersion)
      : null;
  // Without parsing threads, the files are parsed in a known order: another thread can read them ahead.
  const readAhead = options.readAhead && large && !pool ? startFileReader(work) : null;
  const writeBatch = options.writeBatch ?? (writer ? THREAD_WRITE_BATCH : WRITE_BATCH);
  const writeBatchChars = options.writeBatchChars ?? WRITE_BATCH_CHARS;
  let batch: Scanned[] = [];
  let batchChars = 0;
  const flush = async () => {
    const full = batch;
    batch = [];
    batchChars = 0;
    if (full.length === 0) return;
    if (writer) await writer.write(full);
    else saveBatch(db, full, report);
  };
  // With workers, this thread parses too: workers take the largest files first (so one huge rollout does not
  // run alone at the end), this thread the smallest.
  const queue = pool ? [...work].sort((a, b) => b.file.size - a.file.size) : work;
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
    return runScanJob(scanner.scanRollout, job, lines);
  };
  const inWorker = async (job: ScanJob) => {
    const outcome = (await pool?.run(job)) ?? null;
    if (outcome) report.inWorkers += 1;
    return outcome ?? runScanJob(scanner.scanRollout, job);
  };
  const runLane = async (take: () => ScanWork | undefined, scan: (job: ScanJob) => Promise<ScanOutcome>) => {
    try {
      for (let item = take(); item && !stopped; item = take()) {
        // Scan first: `batch` is swapped by a flush while this lane waits, and the result goes in the new one.
        const outcome = await scan(item.job);
        batch.push({ item, outcome });
        if (outcome.ok) for (const doc of outcome.result.docs) batchChars += doc.text.length;
        if (batch.length >= writeBatch || batchChars >= writeBatchChars) await flush();
        progress.done += 1;
        progress.bytesDone += item.file.size;
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
    : // Read ahead, one file after another, in the order they were read.
      Array.from({ length: readAhead ? 1 : IN_PROCESS_CONCURRENCY }, () => runLane(fromFront, inProcess));
  try {
    await Promise.all(lanes);
    await flush();
    if (writer) Object.assign(report, await writer.finish());
  } finally {
    await Promise.all([pool?.close(), writer?.close(), readAhead?.close()]);
  }
  return report;
}

/** A thread reading the JSONL rollouts of `work` in its order, each from where its scan starts. */
function startFileReader(work: readonly ScanWork[]): ReadAhead {
  return startReadAhead(
    work
      .filter((item) => !item.file.path.endsWith('.json'))
      .map(({ job }) => ({ path: job.path, start: job.from?.offset ?? 0, startLine: job.from?.line ?? 0 })),
  );
}

/** The saved checkpoint when the file only grew since it was scanned, else null (scan from the start). */
async function findContinuation(
  db: IndexDb,
  scanner: Scanner,
  file: RolloutFile,
  key: FileKey,
): Promise<ScanCheckpoint | null> {
  // Era A documents are rewritten whole, never appended to.
  if (file.path.endsWith('.json')) return null;
  if (file.ino !== key.ino || key.size < 0 || file.size <= key.size) return null;
  const checkpoint = db.readCheckpoint(key.id);
  if (!checkpoint || checkpoint.parser_version !== scanner.parserVersion) return null;
  if (checkpoint.offset > file.size) return null;
  // '' is a fingerprint that could not be taken: nothing to compare, so no continuing.
  const fingerprint = fingerprintFile(file.path, checkpoint.offset);
  return fingerprint !== '' && fingerprint === key.fingerprint ? checkpoint : null;
}
