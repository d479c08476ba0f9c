import { fingerprintFile } from '../read/fingerprint.js';
import type { FileLines } from '../read/read-ahead.js';
import type { ScanCheckpoint, ScanResult } from '../scan/scan.js';

/** One file to (re)scan for the index: from the start, or continued from a checkpoint. */
export interface ScanJob {
  path: string;
  from: ScanCheckpoint | null;
  /** What the session list needs only, no search text (see scanRollout). */
  summary?: boolean;
  /** Stop at the first line boundary past this many bytes (see scanRollout): a slice of a huge rollout. */
  maxBytes?: number;
}

export type ScanOutcome =
  | { ok: true; result: ScanResult; fingerprint: string }
  | { ok: false; message: string };

export type ScanFunction = (path: string, options?: ScanFunctionOptions) => Promise<ScanResult>;

interface ScanFunctionOptions {
  from?: ScanCheckpoint;
  lines?: FileLines;
  summary?: boolean;
  maxBytes?: number;
}

/** Scans one file (its lines read ahead, when given) and fingerprints the bytes before its checkpoint; never throws. */
export async function runScanJob(
  scan: ScanFunction,
  job: ScanJob,
  lines?: FileLines | null,
): Promise<ScanOutcome> {
  try {
    const options: ScanFunctionOptions = {};
    if (job.from) options.from = job.from;
    if (lines) options.lines = lines;
    if (job.summary) options.summary = true;
    if (job.maxBytes !== undefined) options.maxBytes = job.maxBytes;
    const result = await scan(job.path, Object.keys(options).length > 0 ? options : undefined);
    // The parser fingerprints what it read with the descriptor it read it through; others are read again.
    const fingerprint = result.fingerprint ?? fingerprintFile(job.path, result.checkpoint.offset);
    return { ok: true, result, fingerprint };
  } catch (error) {
    return { ok: false, message: (error as Error)?.message ?? String(error) };
  }
}
