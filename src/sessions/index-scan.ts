import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
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

const HEAD_BYTES = 4096;
const TAIL_BYTES = 64;

/** Scans one file and fingerprints the bytes before its checkpoint; never throws. */
export async function runScanJob(scan: ScanFunction, job: ScanJob): Promise<ScanOutcome> {
  try {
    const result = await scan(job.path, job.from ? { from: job.from } : undefined);
    return { ok: true, result, fingerprint: fingerprintPrefix(job.path, result.checkpoint.offset) };
  } catch (error) {
    return { ok: false, message: (error as Error)?.message ?? String(error) };
  }
}

/**
 * A fingerprint of what was scanned: the first bytes of the file and the bytes just before `offset`. A file
 * that grew must still hold both, else it was replaced or rewritten and is scanned from the start.
 * Synchronous: a few kilobytes are not worth a thread-pool hop.
 */
export function fingerprintPrefix(path: string, offset: number): string {
  const head = Buffer.alloc(Math.min(HEAD_BYTES, offset));
  const tailStart = Math.max(head.length, offset - TAIL_BYTES);
  const tail = Buffer.alloc(offset - tailStart);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
      readSync(fd, tail, 0, tail.length, tailStart);
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
  return createHash('sha1').update(head).update(tail).digest('hex');
}
