import { describe, expect, it } from 'vitest';
import { buildSession } from '../../test/helpers/report/sessions.js';
import { slimSession } from './slim-session.js';

describe('slimSession', () => {
  it('keeps the start of huge outputs and patch arguments, and what the metrics read', () => {
    const output = `error: build failed\n${'log line\n'.repeat(20_000)}`;
    const patch = `*** Begin Patch\n${'+x\n'.repeat(20_000)}*** End Patch`;
    const session = buildSession('01a20120-0000-7000-8000-000000000001', [
      { content: 'build it' },
      { role: 'assistant', kind: 'tool_call', tool: { name: 'apply_patch', call_id: 'p', arguments: patch } },
      { role: 'tool', kind: 'tool_output', content: output, tool: { call_id: 'p', exit_code: 2 } },
    ]);
    const slim = slimSession(session);
    const [, call, out] = slim.messages;
    expect(out?.content.length).toBe(4000);
    expect(out?.content.startsWith('error: build failed')).toBe(true);
    expect(out?.truncated?.original_bytes).toBe(Buffer.byteLength(output));
    expect(out?.tool?.exit_code).toBe(2);
    expect(call?.tool?.arguments?.length).toBe(16_000);
    expect(slim.messages[0]?.content).toBe('build it');
  });
});
