import { fingerprintFile } from './fingerprint.js';
import type { ScanCheckpoint, ScanResult } from './scan.js';

/** One file to (re)scan for the index: from the start, or continued from a checkpoint. */
export interface ScanJob {
  path: string;
  from: ScanCheckpoint | null;
}

export type ScanOutcome =
  | { ok: true; result: ScanResult; fingerprint: string }
  | { ok: false; message: string };

export type ScanFunction = (path: string, options?: { from?: ScanCheckpoint }) => Promise<ScanResult>;

/** Scans one file and fingerprints the bytes before its checkpoint; never throws. */
export async function runScanJob(scan: ScanFunction, job: ScanJob): Promise<ScanOutcome> {
  try {
    const result = await scan(job.path, job.from ? { from: job.from } : undefined);
    // The parser fingerprints what it read with the descriptor it read it through; others are read again.
    const fingerprint = result.fingerprint ?? fingerprintFile(job.path, result.checkpoint.offset);
    return { ok: true, result, fingerprint };
  } catch (error) {
    return { ok: false, message: (error as Error)?.message ?? String(error) };
  }
}
