import { appendFileSync, readFileSync } from 'node:fs';

/**
 * Text planted into real fixture rollouts, written the way the rollout's Codex release writes it: a tool call
 * and its output appended as response items (0.169: the unified-exec text output; 0.40: the JSON-in-JSON
 * output `{"output":"…","metadata":{…}}`).
 */

let calls = 0;

function isModern(path: string): boolean {
  return readFileSync(path, 'utf8').includes('"ordinal"');
}

/** Appends a `cmd` call whose output is `output` to the rollout at `path`. */
export function appendToolOutput(path: string, output: string, cmd = 'npm test'): void {
  const callId = `call_planted_${++calls}`;
  const ts = '2026-11-22T03:00:00.000Z';
  const modern = isModern(path);
  const call = modern
    ? { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd }), call_id: callId }
    : {
        type: 'function_call',
        name: 'shell',
        arguments: JSON.stringify({ command: ['bash', '-lc', cmd] }),
        call_id: callId,
      };
  const text = modern
    ? `Chunk ID: 0a1b2c\nWall time: 0.5000 seconds\nProcess exited with code 0\nOriginal token count: 9\nOutput:\n${output}`
    : JSON.stringify({ output, metadata: { exit_code: 0, duration_seconds: 0.5 } });
  const result = { type: 'function_call_output', call_id: callId, output: text };
  appendLines(path, [
    { timestamp: ts, type: 'response_item', payload: call },
    { timestamp: ts, type: 'response_item', payload: result },
  ]);
}

/** Appends an assistant reply. */
export function appendReply(path: string, text: string): void {
  appendLines(path, [
    {
      timestamp: '2026-11-22T03:00:01.000Z',
      type: 'response_item',
      payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
    },
  ]);
}

/** Appends lines exactly as given (for spellings a writer other than `JSON.stringify` could use). */
export function appendRawLines(path: string, lines: string[]): void {
  appendFileSync(path, lines.map((line) => `${line}\n`).join(''));
}

function appendLines(path: string, values: unknown[]): void {
  appendRawLines(
    path,
    values.map((value) => JSON.stringify(value)),
  );
}
