import { describe, expect, it } from 'vitest';
import { makeSessionDetail } from '../../test/helpers/server.js';
import { digestTranscript, listEntryRefs } from './transcript-digest.js';

describe('transcript digest', () => {
  it('tags entries with their rollout line, leaves injected context out and labels tool results', () => {
    const detail = makeSessionDetail();
    detail.messages.push({
      line: 9,
      role: 'tool',
      kind: 'tool_output',
      content: 'boom',
      ts: null,
      tool: { call_id: 'c1', name: 'exec_command', exit_code: 3 },
      inherited: true,
    });
    const digest = digestTranscript(detail);
    expect(digest).toContain('[#2 user] Make the date test pass');
    expect(digest).toContain('[#9 tool tool_output exec_command exit 3 inherited] boom');
    expect(digest).not.toContain('environment_context');
    expect(listEntryRefs(detail).has(1)).toBe(false);
    expect(listEntryRefs(detail).has(9)).toBe(true);
  });

  it("leaves out the turns codex-retro added by resuming the session: they are not the person's work", () => {
    const detail = makeSessionDetail();
    const run = { job_id: 'job-20261122T023951000Z-0a1b2c3d', kind: 'insights' };
    detail.messages.push(
      {
        line: 10,
        role: 'user',
        kind: 'context',
        author: 'codex-retro',
        codex_retro: run,
        content: 'Look back',
        ts: null,
      },
      {
        line: 11,
        role: 'assistant',
        kind: 'message',
        codex_retro: run,
        content: '{"goal":"earlier insights"}',
        ts: null,
      },
    );
    const digest = digestTranscript(detail);
    expect(digest).not.toContain('earlier insights');
    expect(listEntryRefs(detail).has(11)).toBe(false);
  });

  it('keeps the start and the end of a long session within the budget and says how much was cut', () => {
    const detail = makeSessionDetail(5_000);
    const digest = digestTranscript(detail, 6_000);
    expect(digest.length).toBeLessThan(6_500);
    expect(digest).toContain('[#2 user] Make the date test pass');
    expect(digest).toContain('reply 4999');
    expect(digest).toMatch(/\[… \d+ entries omitted to keep this short …\]/);
  });

  it('cuts one very long entry and says by how much', () => {
    const detail = makeSessionDetail();
    detail.messages[1]!.content = 'x'.repeat(10_000);
    expect(digestTranscript(detail)).toContain(`…[${10_000 - 1_500} more characters]`);
  });
});
