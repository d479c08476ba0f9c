import type { IndexProgress } from '../progress.js';
import { fingerprintFile } from '../read/fingerprint.js';
import { type LocateProblem, locateRollouts, type RolloutFile } from '../read/locate.js';
import type { ScanCheckpoint } from '../scan/scan.js';
import type { FileKey, IndexDb } from './index-db.js';
import type { RunItem } from './index-run.js';
import { type ScanWork, saveBatch } from './index-save.js';
import type { ScanFunction } from './index-scan.js';

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
  /** Below this many bytes to read, starting threads costs more than it saves. */
  workerMinBytes?: number;
  /** Scanned files saved per transaction. */
  writeBatch?: number;
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
}

const WORKER_MIN_BYTES = 64 * 1024 * 1024;
/** Files saved per transaction: their rows are small (no search text), and few commits are quicker. */
const WRITE_BATCH = 512;

/**
 * Brings the cache's session list in line with the rollouts on disk. Unchanged files (same size, mtime and inode)
 * are not opened; a file that grew and still holds the bytes scanned before is continued from its checkpoint;
 * anything else is scanned again from the start; files gone from disk leave the cache. Only what the list shows
 * is read (`summary` scans): the search text is read when a search first needs it (search-text.ts).
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
  };
  const work: (ScanWork & RunItem)[] = [];
  let bytes = 0;
  for (const file of files) {
    const key = known.get(file.path);
    known.delete(file.path);
    if (key && key.size === file.size && key.mtimeMs === file.mtimeMs && key.ino === file.ino) {
      report.unchanged += 1;
    } else {
      const from = key ? await findContinuation(db, scanner, file, key) : null;
      const size = file.size - (from?.offset ?? 0);
      bytes += size;
      work.push({ file, key, job: { path: file.path, from, summary: true }, size });
    }
  }
  for (const gone of known.values()) {
    db.deleteFile(gone.id);
    report.removed += 1;
  }
  if (work.length === 0) return report;
  // Loaded when there is something to read: a list with nothing new never needs the scanning machinery.
  const { runScans } = await import('./index-run.js');
  const large = bytes >= (options.workerMinBytes ?? WORKER_MIN_BYTES);
  const run = await runScans(work, {
    scan: scanner.scanRollout,
    workers: scanner.workerSafe && large ? (options.workers ?? 0) : 0,
    readAhead: false,
    batch: options.writeBatch ?? WRITE_BATCH,
    batchChars: Number.POSITIVE_INFINITY,
    save: (batch) => saveBatch(db, batch, report),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  report.inWorkers = run.inWorkers;
  return report;
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
  if (!checkpoint || checkpoint.parser_version !== scanner.parserVersion || !checkpoint.summary) return null;
  if (checkpoint.offset > file.size) return null;
  // '' is a fingerprint that could not be taken: nothing to compare, so no continuing.
  const fingerprint = fingerprintFile(file.path, checkpoint.offset);
  return fingerprint !== '' && fingerprint === key.fingerprint ? checkpoint : null;
}
