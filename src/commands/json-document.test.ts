import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJsonDocument } from './json-document.js';
import { createStreamOutput } from './stream-output.js';

async function* batches<T>(...parts: T[][]): AsyncGenerator<T[]> {
  for (const part of parts) yield part;
}

async function written(fields: Parameters<typeof writeJsonDocument>[1]): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeJsonDocument(createStreamOutput(stream), fields);
  return Buffer.concat(chunks).toString('utf8');
}

describe('a JSON document written as its arrays are read', () => {
  it('is byte for byte what JSON.stringify(value, null, 2) prints', async () => {
    const entries = [
      {
        role: 'user',
        content: 'line one\nline "two"\t\\ é 日本 \u2028',
        ts: null,
        nested: { a: [1, [], {}] },
      },
      { role: 'tool', content: '', tool: { call_id: 'c', exit_code: null }, skipped: undefined },
      { role: 'assistant', content: '}\n]', images: [] },
    ];
    const metadata = { id: 'x', counts: { a: 1 }, list: [], empty: {}, gone: undefined };
    const expected = `${JSON.stringify({ id: 'x', metadata, messages: entries, turns: [] }, null, 2)}\n`;
    for (const parts of [[entries], [entries.slice(0, 1), [], entries.slice(1)], [[], entries, []]]) {
      const text = await written([
        { key: 'id', value: 'x' },
        { key: 'metadata', value: metadata },
        { key: 'continuation', value: undefined },
        { key: 'messages', items: batches(...parts) },
        { key: 'turns', value: [] },
      ]);
      expect(text).toBe(expected);
    }
  });

  it('writes an empty array and an empty object as JSON.stringify does', async () => {
    expect(await written([{ key: 'messages', items: batches() }])).toBe(
      `${JSON.stringify({ messages: [] }, null, 2)}\n`,
    );
    expect(await written([{ key: 'gone', value: undefined }])).toBe(`${JSON.stringify({}, null, 2)}\n`);
  });
});
