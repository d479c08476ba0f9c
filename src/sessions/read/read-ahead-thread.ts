import { closeSync, openSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../thread-error.js';
import { fingerprintFd } from './fingerprint.js';
import { isSkippableLine, readLines, SCAN_LINE_LIMITS } from './line-reader.js';
import { type FileEnd, RingWriter } from './line-ring.js';
import type { ReadAheadFile } from './read-ahead.js';

/**
 * Reading thread of a large scan: reads the rollouts in the order the parser will ask for them and writes
 * their lines into the shared ring, keeping only the ends of long lines, so the parsing thread never waits
 * on a read or walks the megabytes in between.
 */
const { memory, files } = workerData as { memory: SharedArrayBuffer; files: ReadAheadFile[] };
const ring = new RingWriter(memory);

/** Writes one file's lines, then its end; false once the parser stopped the ring. */
function readFile(index: number, file: ReadAheadFile): boolean {
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch (error) {
    return ring.end(index, { fingerprints: [], error: describeError(error) });
  }
  try {
    // The parser stops after the last whole line, or after a last line without a newline that is whole.
    let afterWhole = file.start;
    let after = file.start;
    for (const line of readLines(fd, { ...SCAN_LINE_LIMITS, start: file.start, startLine: file.startLine })) {
      if (!ring.line(index, line, line.terminated && isSkippableLine(line.head))) return false;
      after = line.offset + line.bytes + (line.terminated ? 1 : 0);
      if (line.terminated) afterWhole = after;
    }
    const end: FileEnd = { fingerprints: [[afterWhole, fingerprintFd(fd, afterWhole)]] };
    if (after !== afterWhole) end.fingerprints.push([after, fingerprintFd(fd, after)]);
    try {
      statSync(file.path);
    } catch (error) {
      end.gone = describeError(error);
    }
    return ring.end(index, end);
  } catch (error) {
    return ring.end(index, { fingerprints: [], error: describeError(error) });
  } finally {
    closeSync(fd);
  }
}

try {
  // The files the parser reached before this thread started, it reads itself; the rest are this thread's.
  const first = ring.claimRest();
  parentPort?.postMessage('started');
  for (let index = first; index < files.length; index++) {
    if (!readFile(index, files[index] as ReadAheadFile)) break;
  }
} finally {
  ring.finish();
}
