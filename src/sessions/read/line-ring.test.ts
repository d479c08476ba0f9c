import { describe, expect, it } from 'vitest';
import type { RawLine } from './line-reader.js';
import { createRingMemory, RingReader, RingWriter, ringRecordBytes } from './line-ring.js';

function line(index: number, text: string, tail: string | null = null): RawLine {
  const head = Buffer.from(text);
  return {
    index,
    offset: index * 1000,
    bytes: head.length + (tail === null ? 0 : 5000),
    head,
    tail: tail === null ? null : Buffer.from(tail),
    terminated: index % 3 !== 2,
  };
}

describe('line ring', () => {
  it('hands the lines over in order, wrapping around its end, with their ends and skips', () => {
    // Room for about three records of this size: the positions wrap many times.
    const memory = createRingMemory(ringRecordBytes(100, 20) * 3);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    const seen: unknown[] = [];
    const expected: unknown[] = [];
    for (let index = 0; index < 200; index++) {
      const text = `{"n":${index},"pad":"${'x'.repeat(index % 60)}"}`;
      const tail = index % 4 === 0 ? `tail ${index}` : null;
      const skippable = index % 5 === 0;
      expect(writer.line(7, line(index, text, tail), skippable)).toBe(true);
      expected.push({
        index,
        text: skippable ? '' : text,
        tail: skippable ? null : tail,
        skippable,
        terminated: index % 3 !== 2,
      });
      const record = reader.next();
      if (record.type !== 'line') throw new Error(`expected a line, got ${record.type}`);
      expect(record.file).toBe(7);
      seen.push({
        index: record.line.index,
        text: record.line.head.toString(),
        tail: record.line.tail?.toString() ?? null,
        skippable: record.line.skippable,
        terminated: record.line.terminated,
      });
      expect(record.line.offset).toBe(index * 1000);
    }
    expect(seen).toEqual(expected);
    writer.end(7, { fingerprints: [[42, 'abc']], gone: { code: 'ENOENT', message: 'gone' } });
    expect(reader.next()).toEqual({
      type: 'end',
      file: 7,
      end: { fingerprints: [[42, 'abc']], gone: { code: 'ENOENT', message: 'gone' } },
    });
  });

  it('tells the reader when the writer is done, and the writer when the reader stopped', () => {
    const memory = createRingMemory(ringRecordBytes(100, 20) * 3);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    writer.line(0, line(0, '{}'), false);
    writer.finish();
    expect(reader.next().type).toBe('line');
    // Everything written was read: no waiting on a writer that will write no more.
    expect(reader.next()).toEqual({ type: 'closed' });
    reader.stop();
    expect(writer.line(0, line(1, '{}'), false)).toBe(false);
    expect(writer.end(0, { fingerprints: [] })).toBe(false);
  });

  it('lets the reader claim files until the writer takes the rest', () => {
    const memory = createRingMemory(ringRecordBytes(100, 20) * 3);
    const writer = new RingWriter(memory);
    const reader = new RingReader(memory);
    expect(reader.claim(0)).toBe(true);
    // Claiming file 3 takes 1 and 2 too.
    expect(reader.claim(3)).toBe(true);
    expect(reader.claim(2)).toBe(false);
    expect(writer.claimRest()).toBe(4);
    expect(reader.claim(4)).toBe(false);
    expect(reader.claim(9)).toBe(false);
  });

  it('refuses a ring too small for two of its largest records', () => {
    const writer = new RingWriter(createRingMemory(ringRecordBytes(100, 20)));
    expect(() => writer.line(0, line(0, 'x'.repeat(100), 'y'.repeat(20)), false)).toThrow(RangeError);
  });
});
