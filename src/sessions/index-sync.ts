import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { IndexDb, IndexedFile } from './index-db.js';
import { type LocateProblem, locateRollouts, type RolloutFile } from './locate.js';
import type { IndexProgress } from './progress.js';
import type { ScanCheckpoint, ScanResult } from './scan.js';
import type { ParseIssue, ParseIssueReport } from './types.js';

/** The parser entry points the index needs; injectable so tests can count what is read. */
export interface Scanner {
  parserVersion: number;
  scanRollout(path: string, options?: { from?: ScanCheckpoint }): Promise<ScanResult>;
}

export interface SyncReport {
  unchanged: number;
  scanned: number;
  continued: number;
  removed: number;
  problems: LocateProblem[];
  /** Files the parser could not scan at all. */
  failures: { path: string; message: string }[];
}

const EXAMPLES_KEPT = 5;
const TAIL_BYTES = 64;
const CONCURRENCY = 4;

/**
 * Brings the cache in line with the rollouts on disk. Unchanged files (same size, mtime and inode) are
 * not opened; a file that grew and still holds the bytes scanned before is continued from its checkpoint;
 * anything else is scanned again from the start; files gone from disk leave the cache.
 */
export async function syncIndex(
  db: IndexDb,
  codexHome: string,
  scanner: Scanner,
  onProgress?: (progress: IndexProgress) => void,
): Promise<SyncReport> {
  const { files, problems } = await locateRollouts(codexHome);
  const known = new Map(db.listFiles().map((row) => [row.path, row]));
  const report: SyncReport = { unchanged: 0, scanned: 0, continued: 0, removed: 0, problems, failures: [] };
  const work: { file: RolloutFile; row: IndexedFile | undefined }[] = [];
  for (const file of files) {
    const row = known.get(file.path);
    known.delete(file.path);
    if (row && row.size === file.size && row.mtimeMs === file.mtimeMs && row.ino === file.ino) {
      report.unchanged += 1;
    } else {
      work.push({ file, row });
    }
  }
  for (const gone of known.values()) {
    db.deleteFile(gone.id);
    report.removed += 1;
  }
  const progress = { done: 0, total: work.length, bytesDone: 0, bytesTotal: 0 };
  for (const item of work) progress.bytesTotal += item.file.size;
  let next = 0;
  const runWorker = async (): Promise<void> => {
    while (next < work.length) {
      const item = work[next++]!;
      await indexFile(db, scanner, item.file, item.row, report);
      progress.done += 1;
      progress.bytesDone += item.file.size;
      onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, work.length) }, runWorker));
  return report;
}

async function indexFile(
  db: IndexDb,
  scanner: Scanner,
  file: RolloutFile,
  row: IndexedFile | undefined,
  report: SyncReport,
): Promise<void> {
  const checkpoint = row ? await findContinuation(db, scanner, file, row) : null;
  let result: ScanResult;
  try {
    result = await scanner.scanRollout(file.path, checkpoint ? { from: checkpoint } : undefined);
  } catch (error) {
    if (row) db.deleteFile(row.id);
    report.failures.push({ path: file.path, message: (error as Error).message });
    return;
  }
  const issues =
    checkpoint && row ? continueIssues(row.issues, result.issues) : summarizeIssues(result.issues);
  // An unreadable file keeps no size so the next sync tries it again.
  const unreadable = result.issues.some((issue) => issue.kind === 'read_error' || issue.kind === 'vanished');
  db.saveFile(
    {
      path: file.path,
      archived: file.archived,
      size: unreadable ? -1 : file.size,
      mtimeMs: file.mtimeMs,
      ino: file.ino,
      tailHash: await hashBefore(file.path, result.checkpoint.offset),
      metadata: { ...result.metadata, parse_issues: issues },
      checkpoint: result.checkpoint,
      issues,
      itemHashes: result.item_hashes ?? null,
    },
    result.docs,
    checkpoint ? 'append' : 'replace',
  );
  if (checkpoint) report.continued += 1;
  else report.scanned += 1;
}

/** The saved checkpoint when the file only grew since it was scanned, else null (scan from the start). */
async function findContinuation(
  db: IndexDb,
  scanner: Scanner,
  file: RolloutFile,
  row: IndexedFile,
): Promise<ScanCheckpoint | null> {
  // Era A documents are rewritten whole, never appended to.
  if (file.path.endsWith('.json')) return null;
  if (file.ino !== row.ino || row.size < 0 || file.size <= row.size) return null;
  const checkpoint = db.readCheckpoint(row.id);
  if (!checkpoint || checkpoint.parser_version !== scanner.parserVersion) return null;
  if (checkpoint.offset > file.size) return null;
  return (await hashBefore(file.path, checkpoint.offset)) === row.tailHash ? checkpoint : null;
}

async function hashBefore(path: string, offset: number): Promise<string> {
  const start = Math.max(0, offset - TAIL_BYTES);
  const buffer = Buffer.alloc(offset - start);
  try {
    const handle = await open(path, 'r');
    try {
      await handle.read(buffer, 0, buffer.length, start);
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
  return createHash('sha1').update(buffer).digest('hex');
}

function summarizeIssues(issues: ParseIssue[]): ParseIssueReport {
  return continueIssues({ counts: {}, examples: [] }, issues);
}

/** Adds the issues of a continued scan; a torn last line seen before was re-read, so it no longer counts. */
function continueIssues(previous: ParseIssueReport, issues: ParseIssue[]): ParseIssueReport {
  const counts = { ...previous.counts };
  delete counts.torn_last_line;
  const examples = previous.examples.filter((issue) => issue.kind !== 'torn_last_line');
  for (const issue of issues) {
    counts[issue.kind] = (counts[issue.kind] ?? 0) + 1;
    if (examples.length < EXAMPLES_KEPT) examples.push(issue);
  }
  return { counts, examples };
}
