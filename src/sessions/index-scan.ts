import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { ScanCheckpoint, ScanResult } from './scan.js';

/** One file to (re)scan for the index: from the start, or continued from a checkpoint. */
export interface ScanJob {
  path: string;
  from: ScanCheckpoint | null;
}

export type ScanOutcome = { ok: true; result: ScanResult; tailHash: string } | { ok: false; message: string };

export type ScanFunction = (path: string, options?: { from?: ScanCheckpoint }) => Promise<ScanResult>;

const TAIL_BYTES = 64;

/** Scans one file and fingerprints the bytes before its checkpoint; never throws. */
export async function runScanJob(scan: ScanFunction, job: ScanJob): Promise<ScanOutcome> {
  try {
    const result = await scan(job.path, job.from ? { from: job.from } : undefined);
    return { ok: true, result, tailHash: hashBefore(job.path, result.checkpoint.offset) };
  } catch (error) {
    return { ok: false, message: (error as Error)?.message ?? String(error) };
  }
}

/**
 * A fingerprint of the bytes just before `offset`. A file that grew must still hold these bytes there,
 * else it was replaced and is scanned from the start. Synchronous: 64 bytes are not worth a thread-pool hop.
 */
export function hashBefore(path: string, offset: number): string {
  const start = Math.max(0, offset - TAIL_BYTES);
  const buffer = Buffer.alloc(offset - start);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, start);
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
  return createHash('sha1').update(buffer).digest('hex');
}
