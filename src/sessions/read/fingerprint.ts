import { hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const HEAD_BYTES = 4096;
const TAIL_BYTES = 64;

/**
 * A fingerprint of what was scanned: the first bytes of the file and the bytes just before `offset`. A file
 * that grew must still hold both, else it was replaced or rewritten and is scanned from the start.
 * Synchronous: a few kilobytes are not worth a thread-pool hop. '' when the bytes cannot be read.
 */
export function fingerprintFd(fd: number, offset: number): string {
  const headLength = Math.min(HEAD_BYTES, offset);
  const tailStart = Math.max(headLength, offset - TAIL_BYTES);
  const bytes = Buffer.allocUnsafe(headLength + offset - tailStart);
  try {
    if (readSync(fd, bytes, 0, headLength, 0) !== headLength) return '';
    if (readSync(fd, bytes, headLength, bytes.length - headLength, tailStart) !== bytes.length - headLength)
      return '';
  } catch {
    return '';
  }
  // One shot: a Hash object per file costs more than hashing its four kilobytes.
  return hash('sha1', bytes, 'hex');
}

/** `fingerprintFd` of a file by path. */
export function fingerprintFile(path: string, offset: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    return fingerprintFd(fd, offset);
  } finally {
    closeSync(fd);
  }
}
