import type { IndexProgress } from '../progress.js';
import type { ScanCheckpoint } from '../scan/scan.js';
import type { IndexDb } from './index-db.js';
import { type RunItem, runScans } from './index-run.js';
import { type ScannedText, saveTextBatch } from './index-save.js';
import type { Scanner } from './index-sync.js';
import { startIndexWriter } from './index-writer.js';

/**
 * The index's search text (what ranked search reads: the first 4,000 characters of every prompt, reply, reasoning
 * summary, tool call and output, redacted), read after the session list, when a search first needs it: the list
 * answers without it. Each file's text is read from where its last reading stopped (a file that grew is read on
 * from there), in full scans that redact what they keep, and saved to SQLite/FTS5.
 */

export interface TextOptions {
  onProgress?: (progress: IndexProgress) => void;
  /** Worker threads parsing beside this one in a large reading (0: parse on this thread only). */
  workers?: number;
  /** Save to the cache on a thread of its own in a large reading (the cache must be a file). */
  writerThread?: boolean;
  /** Read the rollouts on a thread of their own in a large reading parsed on this thread alone. */
  readAhead?: boolean;
  /** Below this many bytes to read, starting threads costs more than it saves. */
  workerMinBytes?: number;
  /** Files saved per transaction. */
  writeBatch?: number;
  /** A transaction is also written once the search text of its files adds up to this many characters. */
  writeBatchChars?: number;
  /** Bytes of a rollout read at once (TEXT_SLICE_BYTES). */
  sliceBytes?: number;
  /**
   * Asked before each file or slice: true ends the reading there, what was read saved (a reading in the
   * background gives way to a list). The report's `done` is then false.
   */
  shouldStop?: () => boolean;
}

export interface TextReport {
  /** Files whose text was read and saved. */
  saved: number;
  /** Every file's text is read (false when `shouldStop` ended the reading first). */
  done: boolean;
  inWorkers: number;
  readAhead: number;
}

const WORKER_MIN_BYTES = 128 * 1024 * 1024;
/** Fewer, larger commits let FTS5 write fewer segments. */
const WRITE_BATCH = 256;
/** ...unless their text adds up to this many characters first: bounds what a batch holds. */
const WRITE_BATCH_CHARS = 8 * 1024 * 1024;
/** A writer thread gets smaller batches, so it saves while the parsing goes on; at most two wait (index-writer.ts). */
const THREAD_WRITE_BATCH = 64;
const THREAD_WRITE_BATCH_CHARS = 4 * 1024 * 1024;

/**
 * A rollout's text is read a slice at a time, each saved before the next is read: what one reading holds (its
 * docs, and their copies on their way to SQLite) stays bounded on a rollout of gigabytes.
 */
const TEXT_SLICE_BYTES = 64 * 1024 * 1024;

interface TextItem extends RunItem {
  from: number | null;
}

/** Reads the search text of every file whose text is missing or behind what the list read. */
export async function syncSearchText(
  db: IndexDb,
  scanner: Scanner,
  options: TextOptions = {},
): Promise<TextReport> {
  const report: TextReport = { saved: 0, done: false, inWorkers: 0, readAhead: 0 };
  const slice = options.sliceBytes ?? TEXT_SLICE_BYTES;
  // Whole files to the progress shown, however many slices they take.
  const overall: IndexProgress = { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, phase: 'index-text' };
  for (let round = 0; ; round++) {
    const items = listBehind(db, slice);
    const remaining = items.reduce((sum, item) => sum + item.remaining, 0);
    if (round === 0) {
      overall.total = items.length;
      overall.bytesTotal = remaining;
    } else {
      // What the slices read, whatever line their ends fell on.
      overall.bytesDone = Math.max(0, overall.bytesTotal - remaining);
      overall.done = Math.max(0, overall.total - items.length);
      options.onProgress?.({ ...overall });
    }
    if (items.length === 0) {
      report.done = true;
      break;
    }
    if (options.shouldStop?.()) break;
    const before = overall.bytesDone;
    const saved = await readRound(db, scanner, items, options, (progress) => {
      overall.bytesDone = before + progress.bytesDone;
      options.onProgress?.({ ...overall });
    });
    report.saved += saved.saved;
    report.inWorkers += saved.inWorkers;
    report.readAhead += saved.readAhead;
    // A round that saved nothing (files unreadable now, or read meanwhile by another process) would repeat.
    if (saved.saved === 0) break;
  }
  return report;
}

interface SlicedItem extends TextItem {
  /** Bytes of the file still to read; `size` is this round's share. */
  remaining: number;
}

function listBehind(db: IndexDb, slice: number): SlicedItem[] {
  return db.listDocsBehind().map((row) => {
    const from = row.checkpoint as ScanCheckpoint | null;
    const remaining = Math.max(0, row.size - (from?.offset ?? 0));
    return {
      job: { path: row.path, from, maxBytes: slice },
      from: from?.offset ?? null,
      size: Math.min(remaining, slice),
      remaining,
    };
  });
}

async function readRound(
  db: IndexDb,
  scanner: Scanner,
  items: SlicedItem[],
  options: TextOptions,
  onProgress: (progress: IndexProgress) => void,
): Promise<TextReport> {
  const report: TextReport = { saved: 0, done: false, inWorkers: 0, readAhead: 0 };
  const bytes = items.reduce((sum, item) => sum + item.size, 0);
  const large = bytes >= (options.workerMinBytes ?? WORKER_MIN_BYTES);
  // A reading thread reads a file to its end: not for a file read in slices.
  const sliced = items.some((item) => item.remaining > item.size);
  const writer =
    options.writerThread && large && db.file !== ':memory:'
      ? startIndexWriter(db.file, scanner.parserVersion)
      : null;
  const toText = (batch: { item: TextItem; outcome: ScannedText['outcome'] }[]): ScannedText[] =>
    batch.map(({ item, outcome }) => ({ path: item.job.path, from: item.from, outcome }));
  try {
    const run = await runScans(items, {
      scan: scanner.scanRollout,
      workers: scanner.workerSafe && large ? (options.workers ?? 0) : 0,
      readAhead: (options.readAhead ?? false) && large && !sliced,
      batch: options.writeBatch ?? (writer ? THREAD_WRITE_BATCH : WRITE_BATCH),
      batchChars: options.writeBatchChars ?? (writer ? THREAD_WRITE_BATCH_CHARS : WRITE_BATCH_CHARS),
      save: async (batch) => {
        if (writer) await writer.write(toText(batch));
        else report.saved += saveTextBatch(db, toText(batch));
      },
      phase: 'index-text',
      onProgress,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    if (writer) report.saved += await writer.finish();
    report.inWorkers = run.inWorkers;
    report.readAhead = run.readAhead;
  } finally {
    await writer?.close();
  }
  return report;
}
