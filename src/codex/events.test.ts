import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEventLine, summarizeEvents } from './events.js';

const fixtures = fileURLToPath(
  new URL('../../test/fixtures/codex-sessions/0.169.0/exec-json/mock-model', import.meta.url),
);

function readFixture(name: string) {
  return readFileSync(`${fixtures}/${name}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseEventLine);
}

describe('codex exec --json events', () => {
  it('summarizes a real successful run: thread, last answer, usage', () => {
    const summary = summarizeEvents(readFixture('02-shell_ok.jsonl'));
    expect(summary).toMatchObject({
      threadId: '01a2011f-c4f0-7ea2-96aa-3f74402159b0',
      lastAgentMessage: 'The command printed hello-from-tool and listed README.md.',
      failure: null,
      unparsedLines: 0,
    });
    expect(summary.usage).toMatchObject({
      input_tokens: 19969,
      cached_input_tokens: 9984,
      output_tokens: 70,
    });
  });

  it('takes the failure message from turn.failed of a real failed run', () => {
    const summary = summarizeEvents(readFixture('10-stream_fail.jsonl'));
    expect(summary.failure).toBe('stream disconnected before completion: mock stream failure');
    expect(summary.usage).toBeNull();
  });

  it('keeps events of unknown types verbatim and counts lines it cannot read', () => {
    const events = [
      '{"type":"thread.started","thread_id":"t-1"}',
      '{"type":"turn.plan_updated","plan":[1,2]}',
      'Reading additional input from stdin...',
      '{"type":"turn.completed"}',
      '[1,2]',
    ].map(parseEventLine);
    expect(events[1]).toEqual({ type: 'turn.plan_updated', plan: [1, 2] });
    expect(events.filter((event) => event.type === 'unparsed_line')).toHaveLength(3);
    expect(events[3]).toMatchObject({
      type: 'unparsed_line',
      problem: expect.stringContaining('turn.completed'),
    });
    expect(summarizeEvents(events)).toMatchObject({ threadId: 't-1', unparsedLines: 3 });
  });
});
