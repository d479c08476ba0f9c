import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { isSkippableLine, type RawLine, readLines } from './line-reader.js';

describe('readLines', () => {
  const dir = tempDirEach('lines-');

  async function collect(text: string | Buffer, options: { start?: number; chunkSize?: number } = {}) {
    const path = join(dir(), 'f.jsonl');
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

  it('keeps a wider head of a long line whose first bytes hold few characters', async () => {
    const path = join(dir(), 'w.jsonl');
    // 2-byte characters; then text with one of them; then ASCII only.
    await writeFile(path, `${'é'.repeat(12)}\nabcdefé${'x'.repeat(20)}\n${'y'.repeat(30)}\n`);
    const limits = { headCap: 8, tailCap: 4, wide: { headCap: 16, minChars: 6 }, chunkSize: 5 };
    const lines = Array.from(readLines(path, limits), (line) => [
      line.head.toString(),
      line.tail?.toString(),
    ]);
    expect(lines).toEqual([
      ['é'.repeat(8), 'éé'],
      ['abcdefé', 'xxxx'],
      ['y'.repeat(8), 'yyyy'],
    ]);
  });

  it('starts at an offset with the given line number', async () => {
    const path = join(dir(), 'g.jsonl');
    await writeFile(path, 'one\ntwo\nthree\n');
    const seen: string[] = [];
    for await (const line of readLines(path, { headCap: 64, tailCap: 8, start: 4, startLine: 1 })) {
      seen.push(`${line.index}:${line.offset}:${line.head.toString()}`);
    }
    expect(seen).toEqual(['1:4:two', '2:8:three']);
  });
});

describe('isSkippableLine', () => {
  const line = (payload: string, type = 'event_msg') =>
    Buffer.from(`{"timestamp":"2026-11-22T02:41:18.436Z","ordinal":4,"type":"${type}",${payload}`);

  it('passes over world state, usage records and command items, never messages', () => {
    expect(isSkippableLine(line('"payload":{"full":true,"state":{}}}', 'world_state'))).toBe(true);
    expect(isSkippableLine(line('"payload":{"thread_id":"x","usage":{}}}', 'token_usage_record'))).toBe(true);
    const completed = (item: string) =>
      line(
        `"payload":{"type":"item_completed","thread_id":"01a2","turn_id":"01a2","item":{"type":"${item}","id":"x"}}}`,
      );
    expect(isSkippableLine(completed('CommandExecution'))).toBe(true);
    expect(isSkippableLine(completed('FileChange'))).toBe(true);
    expect(isSkippableLine(completed('UserMessage'))).toBe(false);
    expect(isSkippableLine(completed('AgentMessage'))).toBe(false);
    expect(isSkippableLine(completed('Reasoning'))).toBe(false);
    expect(isSkippableLine(line('"payload":{"type":"token_count","info":null}}'))).toBe(false);
    expect(
      isSkippableLine(
        line('"payload":{"type":"message","role":"user","content":"world_state"}}', 'response_item'),
      ),
    ).toBe(false);
  });

  it('decides from the bytes as the envelope patterns read as text would, on every fixture line', async () => {
    // The patterns as text, kept here as the reference the byte checks must agree with.
    const skippableType =
      /^\{"timestamp":"[^"]{0,40}",(?:"ordinal":\d+,)?"type":"(?:world_state|token_usage_record)"/;
    const completedItem =
      /^\{"timestamp":"[^"]{0,40}",(?:"ordinal":\d+,)?"type":"event_msg","payload":\{"type":"item_completed",.{0,300}?"item":\{"type":"(\w+)"/;
    const reference = (head: Buffer) => {
      const start = head.toString('latin1', 0, Math.min(head.length, 480));
      if (skippableType.test(start)) return true;
      const item = completedItem.exec(start)?.[1];
      return item !== undefined && !['UserMessage', 'AgentMessage', 'Reasoning'].includes(item);
    };
    const root = join(import.meta.dirname, '../../../test/fixtures/codex-sessions');
    const files = (await readdir(root, { recursive: true })).filter((name) => name.endsWith('.jsonl'));
    let lines = 0;
    let skippable = 0;
    for (const name of files) {
      for (const raw of readLines(join(root, name), { headCap: 8192, tailCap: 16 })) {
        const head = Buffer.from(raw.head);
        expect(isSkippableLine(head), `${name}:${raw.index + 1}`).toBe(reference(head));
        lines++;
        if (reference(head)) skippable++;
      }
    }
    expect(lines).toBeGreaterThan(1000);
    expect(skippable).toBeGreaterThan(10);
    const edges = [
      '{"timestamp":"2026","ordinal":,"type":"world_state","payload":{}}',
      `{"timestamp":"${'9'.repeat(41)}","type":"world_state","payload":{}}`,
      '{"timestamp":"2026","type":"world_stat","payload":{}}',
      `{"timestamp":"2026","type":"event_msg","payload":{"type":"item_completed",${'"x":1,'.repeat(50)}"item":{"type":"CommandExecution"}}}`,
      `{"timestamp":"2026","type":"event_msg","payload":{"type":"item_completed",${'"x":1,'.repeat(51)}"item":{"type":"CommandExecution"}}}`,
      '{"timestamp":"2026","type":"event_msg","payload":{"type":"item_completed","item":{"type":""}}}',
      '{"timestamp":"2026","type":"event_msg","payload":{"type":"item_completed","item":{"type":"UserMessages"}}}',
      ' {"timestamp":"2026","type":"world_state","payload":{}}',
    ];
    for (const edge of edges)
      expect(isSkippableLine(Buffer.from(edge)), edge).toBe(reference(Buffer.from(edge)));
  });
});
