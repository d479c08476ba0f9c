import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { literalPatterns } from './literal-patterns.js';
import { createSearchBuffers, searchFile } from './scan-file.js';

const line = (payload: unknown) =>
  JSON.stringify({ timestamp: '2026-11-22T03:00:00.000Z', type: 'response_item', payload });
const output = (text: string, callId = 'call_1') =>
  line({ type: 'function_call_output', call_id: callId, output: text });
const reply = (text: string) =>
  line({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });

describe('searchFile', () => {
  const dir = tempDirEach('search-file-');
  const search = (name: string, lines: string[], query: string, chunk = 4096) => {
    const path = join(dir(), name);
    writeFileSync(path, lines.join('\n'));
    return searchFile(path, query, literalPatterns(query), createSearchBuffers(chunk));
  };

  it('finds text in any line, however the chunks cut the file', async () => {
    const filler = Array.from({ length: 200 }, (_, i) => reply(`step ${i} of the build went fine`));
    for (const at of [0, 57, 123, 199]) {
      const lines = [...filler];
      lines[at] = output(`${'x'.repeat(at * 7)} module_417.ts:611:3 - error TS2345`);
      for (const chunk of [64, 97, 1024, 1 << 20]) {
        const found = await search(`cut-${at}-${chunk}.jsonl`, lines, 'module_417.ts:611:3', chunk);
        expect(found.hit, `line ${at}, chunk ${chunk}`).toMatchObject({ kind: 'tool_output' });
      }
    }
  });

  it('finds text deep in a line many chunks long', async () => {
    const long = `${'log line\n'.repeat(50_000)}the rare quetzalcoatlite at the end`;
    const found = await search(
      'long.jsonl',
      [reply('start'), output(long), reply('end')],
      'quetzalcoatlite',
      4096,
    );
    expect(found.hit?.snippet).toMatch(/\[quetzalcoatlite\] at the end$/);
  });

  it('passes over bytes that are not text a person sees, and keeps looking', async () => {
    const lines = [
      JSON.stringify({ timestamp: 'x', type: 'session_meta', payload: { id: 'a', cwd: '/zebra/module' } }),
      output('OPENAI_API_KEY=sk-4Ree7NAw8MhdkW3oAwdYYiDyXwdSu78e9KCe3Oejj8x1O958'),
      line({
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: '<environment_context>\n  <cwd>/zebra</cwd>' }],
      }),
    ];
    expect((await search('none.jsonl', lines, 'zebra', 64)).hit).toBeNull();
    expect((await search('secret.jsonl', lines, 'YiDyXwdSu78e9', 64)).hit).toBeNull();
    const found = await search('later.jsonl', [...lines, reply('the zebra crossing')], 'zebra', 64);
    expect(found.hit).toMatchObject({ kind: 'message', role: 'assistant', snippet: 'the [zebra] crossing' });
  });

  it('does not take a torn last line for text', async () => {
    const torn = output('the word quokka').slice(0, -5);
    expect((await search('torn.jsonl', [reply('hello'), torn], 'quokka')).hit).toBeNull();
  });

  it('reports a file that is gone or cannot be read instead of failing', async () => {
    const gone = await searchFile(
      join(dir(), 'gone.jsonl'),
      'x',
      literalPatterns('x'),
      createSearchBuffers(),
    );
    expect(gone.problem?.kind).toBe('vanished');
    const folder = join(dir(), 'folder.jsonl');
    mkdirSync(folder);
    const unreadable = await searchFile(folder, 'x', literalPatterns('x'), createSearchBuffers());
    expect(unreadable.problem).toMatchObject({ kind: 'read_error' });
    expect(unreadable.problem?.message).toMatch(/EISDIR/);
  });
});
