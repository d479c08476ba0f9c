import { fingerprintFile } from '../read/fingerprint.js';
import type { FileLines } from '../read/read-ahead.js';
import type { ScanCheckpoint, ScanResult } from '../scan/scan.js';

/** One file to (re)scan for the index: from the start, or continued from a checkpoint. */
export interface ScanJob {
  path: string;
  from: ScanCheckpoint | null;
  /** What the session list needs only, no search text (see scanRollout). */
  summary?: boolean;
}

export type ScanOutcome =
  | { ok: true; result: ScanResult; fingerprint: string }
  | { ok: false; message: string };

export type ScanFunction = (
  path: string,
  options?: { from?: ScanCheckpoint; lines?: FileLines; summary?: boolean },
) => Promise<ScanResult>;

/** Scans one file (its lines read ahead, when given) and fingerprints the bytes before its checkpoint; never throws. */
export async function runScanJob(
  scan: ScanFunction,
  job: ScanJob,
  lines?: FileLines | null,
): Promise<ScanOutcome> {
  try {
    const options: { from?: ScanCheckpoint; lines?: FileLines; summary?: boolean } = {};
    if (job.from) options.from = job.from;
    if (lines) options.lines = lines;
    if (job.summary) options.summary = true;
    const result = await scan(job.path, job.from || lines || job.summary ? options : undefined);
    // The parser fingerprints what it read with the descriptor it read it through; others are read again.
    const fingerprint = result.fingerprint ?? fingerprintFile(job.path, result.checkpoint.offset);
    return { ok: true, result, fingerprint };
  } catch (error) {
    return { ok: false, message: (error as Error)?.message ?? String(error) };
  }
}
