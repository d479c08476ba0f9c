import { isUtf8 } from 'node:buffer';
import { readSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { applyRecord } from '../normalize/normalize.js';
import type { EntrySink } from '../normalize/normalize-state.js';
import { noCuts } from '../normalize/normalize-text.js';
import {
  giveBack,
  isSkippableLine,
  LineAccumulator,
  type RawLine,
  SCAN_LINE_LIMITS,
  takeBuffer,
} from '../read/line-reader.js';
import { readCutRecord, readFastRecord } from './fast-records.js';
import { applyLine, type Run } from './scan-line.js';

/**
 * The session list's reading of a rollout: what `sessions list` shows (counts, tokens, turns, title, model…),
 * no search text. Lines are found in chunks and read in place: the common ones from their bytes
 * (fast-records.ts), every other one decoded whole as every scan reads it (scan-line.ts). The normalizer keeps
 * no entries (`summaryOnly`), so nothing is redacted but the title.
 */

/** Read and parsed while still in the core's cache: 256 KiB measured 3–4% faster than 1 MiB. */
const CHUNK_BYTES = 256 * 1024;
/** Bytes read between turns of the event loop. */
const YIELD_BYTES = 16 * 1024 * 1024;

/** A sink that keeps no entries; `base` is the first handle of this run (earlier ones went out before). */
export function createSummarySink(base: number): EntrySink {
  return {
    maxChars: 0,
    keepsArguments: false,
    summaryOnly: true,
    keepsText: () => false,
    add() {},
    settlePatch() {},
    remove: (handle) => handle >= base,
    reclassify() {},
    turn() {},
  };
}

/** Reads the lines of the open file `fd` after the run's offset into `sink`. */
export async function summarizeJsonl(
  run: Run,
  fd: number,
  sink: EntrySink,
  onProgress?: (bytesRead: number) => void,
): Promise<void> {
  const chunk = takeBuffer(CHUNK_BYTES);
  const long = new LineAccumulator(SCAN_LINE_LIMITS);
  const headCap = SCAN_LINE_LIMITS.headCap;
  const start = run.offset;
  let position = start;
  let index = run.line;
  let lineOffset = position;
  let yieldAt = position + YIELD_BYTES;
  /** A line of another length than its chunk allows, read as `readLines` yields it. */
  const slow = (raw: RawLine): boolean => applyLine(run, sink, raw);
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      const chunkStart = position;
      position += n;
      onProgress?.(position - start);
      let from = 0;
      // The lines that start and end in this chunk hold valid UTF-8 (else each is decoded whole, which tells).
      const first = long.total === 0 ? 0 : chunk.indexOf(0x0a) + 1;
      const last = chunk.lastIndexOf(0x0a, n - 1);
      const valid = last >= first && isUtf8(chunk.subarray(first, last + 1));
      for (;;) {
        if (run.stopAt !== undefined && run.offset >= run.stopAt) return;
        const nl = chunk.indexOf(0x0a, from);
        if (nl < 0 || nl >= n) break;
        if (long.total === 0 && nl - from <= headCap) {
          if (!readLine(run, sink, chunk, from, nl, index, chunkStart + from, valid)) {
            const head = chunk.subarray(from, nl);
            if (
              !slow({
                index,
                offset: chunkStart + from,
                bytes: nl - from,
                head,
                tail: null,
                terminated: true,
              })
            )
              return;
          }
        } else {
          long.push(chunk.subarray(from, nl));
          const { head, tail, bytes } = long.take();
          if (!readLong(run, sink, head, tail, index, lineOffset, bytes)) {
            if (!slow({ index, offset: lineOffset, bytes, head, tail, terminated: true })) return;
          }
        }
        index++;
        lineOffset = chunkStart + nl + 1;
        from = nl + 1;
      }
      if (from < n) long.push(chunk.subarray(from, n));
      if (position >= yieldAt) {
        // Reads are synchronous: let other work on this thread (requests, other scans) run now and then.
        await setImmediate();
        yieldAt = position + YIELD_BYTES;
      }
    }
    if (long.total > 0) slow({ index, offset: lineOffset, ...long.take(), terminated: false });
  } finally {
    giveBack(chunk);
  }
}

/** A whole line at `from`…`to` of the chunk, read from its bytes when it can be; false to decode it whole. */
function readLine(
  run: Run,
  sink: EntrySink,
  chunk: Buffer,
  from: number,
  to: number,
  index: number,
  offset: number,
  valid: boolean,
): boolean {
  const { state } = run;
  // A line passed over from its first bytes is never one read here (fast-records.ts reads no world state, usage
  // record or item_completed event): looked for only when it is not.
  const record = valid ? readFastRecord(chunk, from, to, state.hints) : null;
  if (!record) {
    if (!isSkippableLine(chunk, from, to)) return false;
    run.offset = offset + to - from + 1;
    run.line = index + 1;
    return true;
  }
  run.offset = offset + to - from + 1;
  run.line = index + 1;
  state.values++;
  applyRecord(state, sink, record, { line: index, ts: record.ts, cuts: noCuts });
  return true;
}

/**
 * A whole line that did not start and end in one chunk (`tail` null) or that is kept as its first and last bytes:
 * read from its bytes when it can be; false to decode it as usual.
 */
function readLong(
  run: Run,
  sink: EntrySink,
  head: Buffer,
  tail: Buffer | null,
  index: number,
  offset: number,
  bytes: number,
): boolean {
  if (tail === null) return readLine(run, sink, head, 0, head.length, index, offset, isUtf8(head));
  if (isSkippableLine(head)) return false;
  const { state } = run;
  const record = readCutRecord(head, tail, state.hints);
  if (!record) return false;
  run.offset = offset + bytes + 1;
  run.line = index + 1;
  state.values++;
  applyRecord(state, sink, record, { line: index, ts: record.ts, cuts: noCuts });
  return true;
}
