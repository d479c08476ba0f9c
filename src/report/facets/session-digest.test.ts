import { describe, expect, it } from 'vitest';
import { buildSession } from '../../../test/helpers/report/sessions.js';
import { buildFacetPrompt, splitIntoBatches } from './facet-prompt.js';
import { DIGEST_CHARS, digestWholeSession } from './session-digest.js';

const ID = '01a20120-073d-7262-9942-d5f2c9b66274';
const SECRET = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';

describe('digestWholeSession', () => {
  it('holds the person’s words, replies, tool calls with their results, patches and errors, never the parent’s', () => {
    const digest = digestWholeSession(
      buildSession(ID, [
        { content: 'copied from the parent', inherited: true },
        { content: 'run the build please' },
        {
          role: 'assistant',
          kind: 'tool_call',
          tool: { name: 'exec_command', call_id: 'c1', arguments: '{"cmd":"npm run build"}' },
        },
        {
          role: 'tool',
          kind: 'tool_output',
          content: 'Error: cannot find module x',
          tool: { call_id: 'c1', exit_code: 2 },
        },
        {
          role: 'assistant',
          kind: 'patch',
          patch: { files: [{ path: 'src/a.ts', kind: 'update', added: 3, removed: 1 }], success: false },
        },
        { role: 'assistant', kind: 'error', error_kind: 'turn_aborted', content: 'interrupted' },
        { role: 'assistant', kind: 'message', content: 'Fixed the import.' },
        { role: 'developer', kind: 'context', content: '<environment_context>cwd</environment_context>' },
      ]),
    );
    expect(digest).toContain('[1] you: run the build please');
    expect(digest).toContain('tool exec_command: npm run build → exit 2: Error: cannot find module x');
    expect(digest).toContain('patch: update src/a.ts (+3 -1) → failed');
    expect(digest).toContain('turn_aborted: interrupted');
    expect(digest).toContain('codex: Fixed the import.');
    expect(digest).not.toContain('copied from the parent');
    expect(digest).not.toContain('environment_context');
  });

  it('redacts secrets whatever entry holds them', () => {
    const digest = digestWholeSession(
      buildSession(ID, [
        { content: `my key is ${SECRET}` },
        {
          role: 'assistant',
          kind: 'tool_call',
          tool: { name: 'shell', call_id: 'c', arguments: `{"command":"export K=${SECRET}"}` },
        },
      ]),
    );
    expect(digest).not.toContain(SECRET);
    expect(digest).toContain('[REDACTED');
  });

  it('fits a long session in the budget, keeping its start, its end and the prompts between', () => {
    const entries = Array.from({ length: 400 }, (_, i) =>
      i % 40 === 0
        ? { content: `prompt number ${i} ${'words '.repeat(50)}` }
        : {
            role: 'assistant' as const,
            kind: 'message' as const,
            content: `reply ${i} ${'text '.repeat(100)}`,
          },
    );
    const digest = digestWholeSession(buildSession(ID, entries));
    expect(digest.length).toBeLessThanOrEqual(DIGEST_CHARS);
    expect(digest).toContain('prompt number 0 ');
    expect(digest).toContain('reply 399 ');
    expect(digest).toContain('prompt number 200 ');
    expect(digest).toContain('prompt number 280 ');
    expect(digest).toMatch(/entries in the middle left out/);
  });
});

describe('facet batches', () => {
  it('bounds each batch in sessions and in characters, and fences each digest', () => {
    const sessions = Array.from({ length: 19 }, (_, i) => ({
      id: `s${i}`,
      digest: 'x'.repeat(i === 3 ? 47_900 : 100),
    }));
    const batches = splitIntoBatches(sessions);
    expect(batches.map((b) => b.length)).toEqual([3, 2, 8, 6]);
    for (const b of batches) expect(b.reduce((n, s) => n + s.digest.length, 0)).toBeLessThanOrEqual(48_000);
    expect(batches.flat().map((s) => s.id)).toEqual(sessions.map((s) => s.id));
    const prompt = buildFacetPrompt([{ id: 's1', digest: 'a ``` fence' }]);
    expect(prompt).toContain("### Session s1\n\n```text\na ''' fence\n```");
  });
});
