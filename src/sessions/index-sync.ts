import type { FileKey, IndexDb } from './index-db.js';
import { createScanPool } from './index-pool.js';
import {
  fingerprintPrefix,
  runScanJob,
  type ScanFunction,
  type ScanJob,
  type ScanOutcome,
} from './index-scan.js';
import { type LocateProblem, locateRollouts, type RolloutFile } from './locate.js';
import type { IndexProgress } from './progress.js';
import type { ScanCheckpoint } from './scan.js';
import type { ParseIssue, ParseIssueReport } from './types.js';

/** The parser entry points the index needs; injectable so tests can count what is read. */
export interface Scanner {
  parserVersion: number;
  scanRollout: ScanFunction;
  /** True for the built-in parser, which worker threads can load on their own. */
  workerSafe?: boolean;
}

export interface SyncOptions {
  onProgress?: (progress: IndexProgress) => void;
  /** Worker threads for a large scan (0: parse on this thread only). */
  workers?: number;
  /** Below this many bytes to read, starting worker threads costs more than it saves. */
  workerMinBytes?: number;
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

interface Work {
  file: RolloutFile;
  key: FileKey | undefined;
  job: ScanJob;
}

const EXAMPLES_KEPT = 5;
const IN_PROCESS_CONCURRENCY = 4;
const WORKER_MIN_BYTES = 128 * 1024 * 1024;
const WRITE_BATCH = 64;

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
  };
  const work: Work[] = [];
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
  const pool =
    scanner.workerSafe && poolSize > 1 && progress.bytesTotal >= minBytes ? createScanPool(poolSize) : null;
  const batch: { item: Work; outcome: ScanOutcome }[] = [];
  const flush = () => {
    db.transaction(() => {
      for (const { item, outcome } of batch) saveOutcome(db, item, outcome, report);
    });
    batch.length = 0;
  };
  // Largest files first so one huge rollout does not run alone at the end.
  const queue = pool ? [...work].sort((a, b) => b.file.size - a.file.size) : work;
  let next = 0;
  let stopped = false;
  const runLane = async (): Promise<void> => {
    try {
      while (!stopped && next < queue.length) {
        const item = queue[next++]!;
        const pooled = (await pool?.run(item.job)) ?? null;
        if (pooled) report.inWorkers += 1;
        const outcome = pooled ?? (await runScanJob(scanner.scanRollout, item.job));
        batch.push({ item, outcome });
        if (batch.length >= WRITE_BATCH) flush();
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
  try {
    await Promise.all(Array.from({ length: pool ? pool.slots : IN_PROCESS_CONCURRENCY }, runLane));
    flush();
  } finally {
    await pool?.close();
  }
  return report;
}

function saveOutcome(db: IndexDb, item: Work, outcome: ScanOutcome, report: SyncReport): void {
  const { file, key, job } = item;
  if (!outcome.ok) {
    if (key) db.deleteFile(key.id);
    report.failures.push({ path: file.path, message: outcome.message });
    return;
  }
  const { result, fingerprint } = outcome;
  const from = job.from;
  // The parser starts over when a checkpoint no longer fits the file (it shrank meanwhile): its result then
  // covers the whole file and replaces what was indexed.
  const continued =
    from !== null &&
    key !== undefined &&
    result.checkpoint.offset >= from.offset &&
    result.docs.every((doc) => doc.line >= from.line);
  // Another process may have continued this file meanwhile: its docs must not be appended twice.
  if (continued && db.readCheckpoint(key.id)?.offset !== from.offset) return;
  const issues = continueIssues(continued ? db.readIssues(key.id) : null, result.issues);
  // An unreadable file keeps no size so the next sync tries it again.
  const unreadable = result.issues.some((issue) => issue.kind === 'read_error' || issue.kind === 'vanished');
  db.saveFile(
    {
      path: file.path,
      archived: file.archived,
      size: unreadable ? -1 : file.size,
      mtimeMs: file.mtimeMs,
      ino: file.ino,
      fingerprint,
      metadata: { ...result.metadata, parse_issues: issues },
      checkpoint: result.checkpoint,
      issues,
      itemHashes: result.item_hashes ?? null,
    },
    result.docs,
    continued ? 'append' : 'replace',
  );
  if (continued) report.continued += 1;
  else report.scanned += 1;
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
  return fingerprintPrefix(file.path, checkpoint.offset) === key.fingerprint ? checkpoint : null;
}

/** Adds the issues of a scan to those of the earlier scans; a torn last line seen before was re-read. */
function continueIssues(previous: ParseIssueReport | null, issues: ParseIssue[]): ParseIssueReport {
  const counts = { ...previous?.counts };
  delete counts.torn_last_line;
  const examples = (previous?.examples ?? []).filter((issue) => issue.kind !== 'torn_last_line');
  for (const issue of issues) {
    counts[issue.kind] = (counts[issue.kind] ?? 0) + 1;
    if (examples.length < EXAMPLES_KEPT) examples.push(issue);
  }
  return { counts, examples };
}
