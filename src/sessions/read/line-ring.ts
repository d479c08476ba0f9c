import type { ThreadError } from '../thread-error.js';
import type { RawLine } from './line-reader.js';

/**
 * A ring of lines in memory shared by two threads: one reads rollouts and writes their lines in, the
 * parsing thread takes them out. One writer, one reader, no locks: each side moves its own position and
 * wakes the other only when it sleeps. A line's bytes are read in place, as from a chunk of `readLines`.
 */

/** Int32 slots of the control block at the start of the shared memory. */
const WRITE = 0;
const READ = 1;
const WRITER_SLEEPS = 2;
const READER_SLEEPS = 3;
const STOPPED = 4;
const FINISHED = 5;
/** The first file the reader has not claimed for itself, with a flag once the writer has taken the rest. */
const CLAIMED = 6;
const WRITER_OWNS_REST = 1 << 30;
const CONTROL_BYTES = 64;

const HEADER_BYTES = 48;
const LINE = 1;
const WRAP = 2;
const FILE_END = 3;
const TERMINATED = 1;
const SKIPPABLE = 2;

/** What the reading thread found once a file's lines are all written. */
export interface FileEnd {
  /** Fingerprints of the file up to the offsets a parser can stop at (see fingerprint.ts). */
  fingerprints: [offset: number, fingerprint: string][];
  /** Why reading stopped early (the file could not be opened or read); its lines before are in the ring. */
  error?: ThreadError;
  /** Why the file's path could not be found again just after reading (it vanished meanwhile). */
  gone?: ThreadError;
}

/** A line as the ring hands it out: `skippable` was decided by the reading thread, and then `head` is empty. */
export interface RingLine extends RawLine {
  skippable: boolean;
}

export type RingRecord =
  | { type: 'line'; file: number; line: RingLine }
  | { type: 'end'; file: number; end: FileEnd }
  /** The writer finished (or failed) and everything it wrote was read. */
  | { type: 'closed' };

/** Shared memory for a ring whose data area holds `dataBytes` (a multiple of 8). */
export function createRingMemory(dataBytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(CONTROL_BYTES + dataBytes);
}

/** The largest line record a ring holds: the data area must fit two, so a wrapped one always fits too. */
export function ringRecordBytes(headCap: number, tailCap: number): number {
  return align(HEADER_BYTES + headCap + tailCap);
}

function align(bytes: number): number {
  return (bytes + 7) & ~7;
}

class RingView {
  protected readonly control: Int32Array;
  protected readonly ints: Int32Array;
  protected readonly floats: Float64Array;
  protected readonly bytes: Buffer;
  protected readonly size: number;

  constructor(memory: SharedArrayBuffer) {
    this.control = new Int32Array(memory, 0, CONTROL_BYTES / 4);
    this.size = memory.byteLength - CONTROL_BYTES;
    this.ints = new Int32Array(memory, CONTROL_BYTES, this.size / 4);
    this.floats = new Float64Array(memory, CONTROL_BYTES, this.size / 8);
    this.bytes = Buffer.from(memory, CONTROL_BYTES, this.size);
  }

  get stopped(): boolean {
    return Atomics.load(this.control, STOPPED) === 1;
  }

  protected get finished(): boolean {
    return Atomics.load(this.control, FINISHED) === 1;
  }

  /** Wakes the other side if it sleeps; called after moving `slot`. */
  protected wake(sleeper: number, slot: number): void {
    if (Atomics.load(this.control, sleeper) === 1) Atomics.notify(this.control, slot);
  }

  /** Sleeps until `slot` moves from `seen` (or the ring is stopped). */
  protected sleep(sleeper: number, slot: number, seen: number): void {
    Atomics.store(this.control, sleeper, 1);
    // Checked again after saying so: a move made just before is not missed.
    if (Atomics.load(this.control, slot) === seen && !this.stopped && !this.finished) {
      Atomics.wait(this.control, slot, seen);
    }
    Atomics.store(this.control, sleeper, 0);
  }
}

/** The reading thread's side. Every write blocks while the ring is full; false once the reader stopped it. */
export class RingWriter extends RingView {
  private position = 0;

  line(file: number, line: RawLine, skippable: boolean): boolean {
    const head = skippable ? 0 : line.head.length;
    const tail = skippable || line.tail === null ? -1 : line.tail.length;
    const at = this.reserve(HEADER_BYTES + head + Math.max(tail, 0));
    if (at < 0) return false;
    this.header(at, LINE, file, head, tail, (line.terminated ? TERMINATED : 0) | (skippable ? SKIPPABLE : 0));
    this.floats[at / 8 + 3] = line.offset;
    this.floats[at / 8 + 4] = line.bytes;
    this.floats[at / 8 + 5] = line.index;
    if (head > 0) line.head.copy(this.bytes, at + HEADER_BYTES, 0, head);
    if (tail > 0) line.tail?.copy(this.bytes, at + HEADER_BYTES + head);
    this.publish(at + HEADER_BYTES + head + Math.max(tail, 0));
    return true;
  }

  end(file: number, end: FileEnd): boolean {
    const payload = Buffer.from(JSON.stringify(end));
    const at = this.reserve(HEADER_BYTES + payload.length);
    if (at < 0) return false;
    this.header(at, FILE_END, file, payload.length, -1, 0);
    payload.copy(this.bytes, at + HEADER_BYTES);
    this.publish(at + HEADER_BYTES + payload.length);
    return true;
  }

  /**
   * Takes every file the reader has not claimed for itself: they are all the writer's from now on.
   * Returns the first of them.
   */
  claimRest(): number {
    for (;;) {
      const next = Atomics.load(this.control, CLAIMED);
      if (Atomics.compareExchange(this.control, CLAIMED, next, next | WRITER_OWNS_REST) === next) return next;
    }
  }

  /** No more records: a reader waiting on an empty ring is told so instead of waiting forever. */
  finish(): void {
    Atomics.store(this.control, FINISHED, 1);
    Atomics.notify(this.control, WRITE);
  }

  private header(at: number, type: number, file: number, head: number, tail: number, flags: number): void {
    const i = at / 4;
    this.ints[i] = type;
    this.ints[i + 1] = file;
    this.ints[i + 2] = head;
    this.ints[i + 3] = tail;
    this.ints[i + 4] = flags;
  }

  /** Where a record of `length` bytes goes once there is room; -1 when stopped. */
  private reserve(length: number): number {
    const need = align(length);
    if (need * 2 > this.size) throw new RangeError(`A record of ${need} bytes does not fit the ring.`);
    for (;;) {
      if (this.stopped) return -1;
      const read = Atomics.load(this.control, READ);
      const at = this.position;
      if (at >= read) {
        // Free: from here to the end, and from the start up to the reader (one byte short: full ≠ empty).
        if (at + need <= this.size && (read > 0 || at + need < this.size)) return at;
        if (need < read) {
          this.ints[at / 4] = WRAP;
          this.position = 0;
          Atomics.store(this.control, WRITE, 0);
          this.wake(READER_SLEEPS, WRITE);
          continue;
        }
      } else if (at + need < read) {
        return at;
      }
      this.sleep(WRITER_SLEEPS, READ, read);
    }
  }

  private publish(end: number): void {
    this.position = align(end) === this.size ? 0 : align(end);
    Atomics.store(this.control, WRITE, this.position);
    this.wake(READER_SLEEPS, WRITE);
  }
}

/** The parsing thread's side: one record at a time, valid until the next is asked for. */
export class RingReader extends RingView {
  private position = 0;
  /** End of the record handed out last: released when the next is asked for. */
  private pending = -1;
  private readonly record = { type: 'line', file: 0, line: {} as RingLine } as RingRecord & { type: 'line' };

  /** The next record, blocking until the writer has one. */
  next(): RingRecord {
    this.release();
    for (;;) {
      const write = Atomics.load(this.control, WRITE);
      if (write === this.position) {
        // Finished is read before the position is checked again: a last record written just before it is kept.
        if (this.finished && Atomics.load(this.control, WRITE) === this.position) return { type: 'closed' };
        this.sleep(READER_SLEEPS, WRITE, write);
        continue;
      }
      const at = this.position;
      const i = at / 4;
      const type = this.ints[i];
      if (type === WRAP) {
        this.position = 0;
        this.publishRead(0);
        continue;
      }
      const file = this.ints[i + 1] as number;
      const head = this.ints[i + 2] as number;
      const tail = this.ints[i + 3] as number;
      const start = at + HEADER_BYTES;
      const end = start + head + Math.max(tail, 0);
      this.pending = align(end) === this.size ? 0 : align(end);
      if (type === FILE_END) {
        return {
          type: 'end',
          file,
          end: JSON.parse(this.bytes.toString('utf8', start, start + head)) as FileEnd,
        };
      }
      const flags = this.ints[i + 4] as number;
      const f = at / 8;
      this.record.file = file;
      this.record.line = {
        index: this.floats[f + 5] as number,
        offset: this.floats[f + 3] as number,
        bytes: this.floats[f + 4] as number,
        head: this.bytes.subarray(start, start + head),
        tail: tail < 0 ? null : this.bytes.subarray(start + head, end),
        terminated: (flags & TERMINATED) !== 0,
        skippable: (flags & SKIPPABLE) !== 0,
      };
      return this.record;
    }
  }

  /**
   * Claims file `index` (and any before it) to read it without the writer, until the writer has taken the
   * rest: false when the writer has it, and its records are (or will be) in the ring.
   */
  claim(index: number): boolean {
    for (;;) {
      const next = Atomics.load(this.control, CLAIMED);
      if ((next & WRITER_OWNS_REST) !== 0 || next > index) return false;
      if (Atomics.compareExchange(this.control, CLAIMED, next, index + 1) === next) return true;
    }
  }

  /** Tells the writer to stop at its next record, and wakes it. */
  stop(): void {
    Atomics.store(this.control, STOPPED, 1);
    Atomics.notify(this.control, READ);
  }

  private release(): void {
    if (this.pending < 0) return;
    this.position = this.pending;
    this.pending = -1;
    this.publishRead(this.position);
  }

  private publishRead(position: number): void {
    Atomics.store(this.control, READ, position);
    // A writer waiting for room is woken once a quarter of the ring is free, not for every line read: it
    // then writes many lines in one go instead of one line per wake.
    const free = (position - Atomics.load(this.control, WRITE) + this.size) % this.size || this.size;
    if (free >= this.size / 4) this.wake(WRITER_SLEEPS, READ);
  }
}
