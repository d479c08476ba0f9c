import { describe, expect, it } from 'vitest';
import { classifyValue } from './records.js';

const envelope = (type: string, payload: unknown) => ({ timestamp: '2026-11-22T00:00:00Z', type, payload });

describe('classifyValue', () => {
  it('accepts the frequent payloads as they are', () => {
    const output = { type: 'function_call_output', call_id: 'c1', output: { nested: [1] } };
    const usage = {
      type: 'token_count',
      info: { total_token_usage: { input_tokens: 3, output_tokens: null } },
    };
    const done = {
      type: 'task_complete',
      turn_id: 't1',
      last_agent_message: null,
      duration_ms: 269,
      started_at: 1795315190,
      completed_at: '2026-11-22T00:00:01Z',
      extra: { kept: true },
    };
    const meta = {
      id: 's1',
      cwd: '/w',
      git: { branch: 'main', commit_hash: null },
      instructions: { any: 1 },
    };
    const context = { model: 'gpt-5', turn_id: 't1', cwd: '/w', approval_policy: 'never' };
    // Envelope type, payload, whether it is the file's first value, and the record it becomes.
    const cases: [string, object, boolean, object][] = [
      ['response_item', output, false, { kind: 'item', item: output }],
      ['event_msg', usage, false, { kind: 'event', event: usage }],
      ['event_msg', done, false, { kind: 'event', event: done }],
      ['session_meta', meta, true, { kind: 'meta', meta }],
      ['turn_context', context, false, { kind: 'turn_context', context }],
    ];
    for (const [type, payload, first, record] of cases) {
      expect(classifyValue(envelope(type, payload), first, {})).toMatchObject(record);
    }
  });

  it('still counts a frequent payload of the wrong shape, with what is wrong', () => {
    const cases: [string, unknown, string][] = [
      ['response_item', { type: 'function_call_output', output: 'x' }, 'call_id'],
      ['response_item', { type: 'function_call_output', call_id: 'c1' }, 'output'],
      ['response_item', { type: 'custom_tool_call_output', call_id: 'c1' }, 'output'],
      ['response_item', { type: 'function_call', name: 'shell', call_id: 'c' }, 'arguments'],
      [
        'response_item',
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 7 }] },
        'content',
      ],
      [
        'response_item',
        { type: 'function_call', name: 'shell', arguments: '{}', call_id: 'c', namespace: 3 },
        'namespace',
      ],
      ['response_item', { type: 'reasoning', summary: 'not a list' }, 'summary'],
      ['event_msg', { type: 'agent_message', message: null }, 'message'],
      ['event_msg', { type: 'token_count', info: { last_token_usage: { input_tokens: '3' } } }, 'info'],
      ['event_msg', { type: 'task_started', started_at: true }, 'started_at'],
      ['event_msg', { type: 'item_completed', item: { type: 'AgentMessage', summary_text: [1] } }, 'item'],
      ['event_msg', { type: 'task_complete', duration_ms: '269' }, 'duration_ms'],
      ['event_msg', { type: 'task_complete', error: { message: 3 } }, 'error'],
      ['event_msg', { type: 'thread_settings_applied', thread_settings: { model: 5 } }, 'thread_settings'],
      ['event_msg', { type: 'patch_apply_end', call_id: 'c1', success: 'yes' }, 'success'],
      ['session_meta', { cwd: '/w' }, 'id'],
      ['session_meta', { id: 's1', git: { branch: 1 } }, 'git'],
      ['turn_context', { model: 5 }, 'model'],
    ];
    for (const [type, payload, field] of cases) {
      const record = classifyValue(envelope(type, payload), false, {});
      expect(record.kind).toBe('unknown');
      expect(record.kind === 'unknown' && record.reason).toContain(field);
    }
  });
});
