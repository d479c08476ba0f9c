import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const HEAD_BYTES = 4096;
const TAIL_BYTES = 64;

/**
 * A fingerprint of what was scanned: the first bytes of the file and the bytes just before `offset`. A file
 * that grew must still hold both, else it was replaced or rewritten and is scanned from the start.
 * Synchronous: a few kilobytes are not worth a thread-pool hop. '' when the bytes cannot be read.
 */
export function fingerprintFd(fd: number, offset: number): string {
  const head = Buffer.alloc(Math.min(HEAD_BYTES, offset));
  const tailStart = Math.max(head.length, offset - TAIL_BYTES);
  const tail = Buffer.alloc(offset - tailStart);
  try {
    readSync(fd, head, 0, head.length, 0);
    readSync(fd, tail, 0, tail.length, tailStart);
  } catch {
    return '';
  }
  return createHash('sha1').update(head).update(tail).digest('hex');
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
