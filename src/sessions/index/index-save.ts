import type { RolloutFile } from '../read/locate.js';
import type { ParseIssue, ParseIssueReport } from '../types.js';
import type { FileKey, IndexDb, StoredDoc } from './index-db.js';
import type { ScanJob, ScanOutcome } from './index-scan.js';

/** One file a sync (re)scans: what is on disk, what the cache knew of it, and where the parser starts. */
export interface ScanWork {
  file: RolloutFile;
  key: FileKey | undefined;
  job: ScanJob;
}

/** A scanned file on its way into the cache. Plain data: it may cross to the writer thread. */
export interface Scanned {
  item: ScanWork;
  outcome: ScanOutcome;
}

/** What saving a batch did, for the sync report. */
export interface SaveTally {
  scanned: number;
  continued: number;
  /** Files the parser could not scan at all. */
  failures: { path: string; message: string }[];
}

const EXAMPLES_KEPT = 5;

/** Writes scanned files to the cache in one transaction. */
export function saveBatch(db: IndexDb, batch: readonly Scanned[], tally: SaveTally): void {
  db.transaction(() => {
    for (const scanned of batch) saveOutcome(db, scanned, tally);
  });
}

function saveOutcome(db: IndexDb, { item, outcome }: Scanned, tally: SaveTally): void {
  const { file, key, job } = item;
  if (!outcome.ok) {
    if (key) db.deleteFile(key.id);
    tally.failures.push({ path: file.path, message: outcome.message });
    return;
  }
  const { result, fingerprint } = outcome;
  const from = job.from;
  // The parser starts over when a checkpoint no longer fits the file (it shrank meanwhile): its result then
  // covers the whole file and replaces what was indexed.
  const continued = from !== null && key !== undefined && result.continued;
  // Another process may have continued this file meanwhile: its counts must not be added twice.
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
      itemHashes: result.item_hashes ?? null,
    },
    continued ? 'append' : 'replace',
  );
  if (continued) tally.continued += 1;
  else tally.scanned += 1;
}

/** A file's search text read on its way into the cache. Plain data: it may cross to the writer thread. */
export interface ScannedText {
  path: string;
  /** Where the reading continued from (null: the start). */
  from: number | null;
  outcome: ScanOutcome;
}

/** Writes the search text of files in one transaction; returns how many were saved. */
export function saveTextBatch(db: IndexDb, batch: readonly ScannedText[]): number {
  let saved = 0;
  db.transaction(() => {
    for (const { path, from, outcome } of batch) {
      // A file that cannot be read now keeps what it had; the next search tries again.
      if (!outcome.ok) continue;
      const { result } = outcome;
      // The parser starts over when the checkpoint no longer fits the file: then it read everything.
      const continued = from !== null && result.continued;
      const docs: StoredDoc[] = result.docs.map(({ line, kind, role, text }) => ({ line, kind, role, text }));
      if (db.saveDocs(path, continued ? from : null, docs, result.checkpoint)) saved += 1;
    }
  });
  return saved;
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
