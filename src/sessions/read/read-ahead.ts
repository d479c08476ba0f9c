import { startSessionThread } from '../session-thread.js';
import { toError } from '../thread-error.js';
import { maxHeadBytes, SCAN_LINE_LIMITS } from './line-reader.js';
import {
  createRingMemory,
  type FileEnd,
  type RingLine,
  RingReader,
  type RingRecord,
  ringRecordBytes,
} from './line-ring.js';

/** A file the reading thread reads, from `start` (a line boundary), whose line is `startLine`. */
export interface ReadAheadFile {
  path: string;
  start: number;
  startLine: number;
}

/** The lines of one file as the reading thread read them, with `SCAN_LINE_LIMITS`. */
export interface FileLines extends ReadAheadFile {
  /** Throws where the reading failed, with the error's code. */
  lines(): Generator<RingLine>;
  /** The fingerprint up to where the parser stopped, taken through the descriptor the lines were read with. */
  fingerprint(offset: number): string | null;
  /** Throws what looking the path up again just after reading threw (the file vanished meanwhile). */
  checkStillThere(): void;
}

export interface ReadAhead {
  /**
   * The lines of `path`, a file of the list after those taken before, when the reading thread has read or is
   * reading it; else null, and the caller reads it itself (the thread then never does).
   */
  take(path: string): FileLines | null;
  /** Settles once the thread runs (true) or could not start (false); nothing waits for it but tests. */
  readonly started: Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Room for this many of the longest line records (wide text), about 8 MB (a ring needs room for two at least).
 * Most lines take a few hundred bytes, a long one ~10 KB: the reading thread can be thousands of lines ahead
 * when it reaches a rollout of hundreds of megabytes.
 */
const RING_RECORDS = 440;

interface Reading {
  index: number;
  /** A record of this file read while passing over earlier ones: handed out first. */
  first: RingRecord | null;
  end: FileEnd | null;
  closed: boolean;
}

/**
 * Starts a thread reading `files`, in this order, ahead of the parser. Files are taken in the list's order
 * (some may be passed over). Until the thread runs, each file taken is left to the caller: the parsing never
 * waits for the thread to start, and never waits on a thread that did not.
 */
export function startReadAhead(files: ReadAheadFile[], options: { ringRecords?: number } = {}): ReadAhead {
  const records = options.ringRecords ?? RING_RECORDS;
  const memory = createRingMemory(
    records * ringRecordBytes(maxHeadBytes(SCAN_LINE_LIMITS), SCAN_LINE_LIMITS.tailCap),
  );
  const ring = new RingReader(memory);
  const thread = startSessionThread(import.meta.url, 'read-ahead-thread', { workerData: { memory, files } });
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  const started = new Promise<boolean>((resolve) => {
    thread.once('message', () => resolve(true));
    thread.once('exit', () => resolve(false));
  });
  // A thread that fails ends the ring (see read-ahead-thread.ts): the file it was reading reports it.
  thread.on('error', () => {});
  const positions = new Map(files.map((file, index) => [file.path, index]));
  let next = 0;
  let current: Reading | null = null;

  /** The next record of `reading`'s file, passing over records of files before it; null after its end. */
  const nextRecord = (reading: Reading): RingRecord | null => {
    if (reading.first) {
      const first = reading.first;
      reading.first = null;
      return first;
    }
    for (;;) {
      if (reading.end || reading.closed) return null;
      const record = ring.next();
      if (record.type === 'closed') reading.closed = true;
      else if (record.file === reading.index) return record;
    }
  };

  const finish = (reading: Reading): void => {
    for (let record = nextRecord(reading); record; record = nextRecord(reading)) {
      if (record.type === 'end') reading.end = record.end;
    }
  };

  const open = (file: ReadAheadFile, reading: Reading): FileLines => ({
    ...file,
    *lines() {
      for (let record = nextRecord(reading); record; record = nextRecord(reading)) {
        if (record.type === 'end') reading.end = record.end;
        else if (record.type === 'line') yield record.line;
      }
      const error = reading.end?.error;
      if (error) throw toError(error);
      if (!reading.end) throw new Error('The reading thread stopped before the end of the file.');
    },
    fingerprint(offset) {
      finish(reading);
      return reading.end?.fingerprints.find(([at]) => at === offset)?.[1] ?? null;
    },
    checkStillThere() {
      finish(reading);
      if (reading.end?.gone) throw toError(reading.end.gone);
    },
  });

  return {
    started,
    take(path) {
      const index = positions.get(path);
      if (index === undefined || index < next) return null;
      next = index + 1;
      if (ring.claim(index)) return null;
      if (current) finish(current);
      // The thread stopped early (it failed): the caller reads the rest itself.
      if (current?.closed) return null;
      const reading: Reading = { index, first: null, end: null, closed: false };
      // Records of files before this one (read, then passed over by the caller) are dropped on the way.
      reading.first = nextRecord(reading);
      current = reading;
      return open(files[index] as ReadAheadFile, reading);
    },
    async close() {
      ring.stop();
      await exited;
    },
  };
}
