import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RawLine, readLines } from './line-reader.js';

describe('readLines', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lines-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function collect(text: string | Buffer, options: { start?: number; chunkSize?: number } = {}) {
    const path = join(dir, 'f.jsonl');
    await writeFile(path, text);
    const lines: (Omit<RawLine, 'head' | 'tail'> & { head: string; tail: string | null })[] = [];
    for await (const line of readLines(path, { headCap: 8, tailCap: 4, chunkSize: 5, ...options })) {
      lines.push({ ...line, head: line.head.toString(), tail: line.tail?.toString() ?? null });
    }
    return lines;
  }

  it('splits lines across chunks with offsets, and keeps head and tail of long lines', async () => {
    const lines = await collect('ab\n0123456789ABCDEF\n\nxyz');
    expect(lines).toEqual([
      { index: 0, offset: 0, bytes: 2, head: 'ab', tail: null, terminated: true },
      { index: 1, offset: 3, bytes: 16, head: '01234567', tail: 'CDEF', terminated: true },
      { index: 2, offset: 20, bytes: 0, head: '', tail: null, terminated: true },
      { index: 3, offset: 21, bytes: 3, head: 'xyz', tail: null, terminated: false },
    ]);
  });

  it('starts at an offset with the given line number', async () => {
    const path = join(dir, 'g.jsonl');
    await writeFile(path, 'one\ntwo\nthree\n');
    const seen: string[] = [];
    for await (const line of readLines(path, { headCap: 64, tailCap: 8, start: 4, startLine: 1 })) {
      seen.push(`${line.index}:${line.offset}:${line.head.toString()}`);
    }
    expect(seen).toEqual(['1:4:two', '2:8:three']);
  });
});
