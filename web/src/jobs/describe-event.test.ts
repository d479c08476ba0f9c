import { describe, expect, it } from 'vitest';
import { describeJobEvent } from './describe-event.js';

describe('describeJobEvent', () => {
  it('turns Codex --json events into progress lines', () => {
    expect(describeJobEvent({ type: 'thread.started', thread_id: 'abc' })).toEqual({
      tone: 'muted',
      text: 'Codex session abc started',
    });
    expect(
      describeJobEvent({
        type: 'item.completed',
        item: { type: 'command_execution', command: 'ls', exit_code: 2 },
      }),
    ).toEqual({ tone: 'bad', text: 'Ran: ls (exit 2)' });
    expect(
      describeJobEvent({ type: 'item.completed', item: { type: 'agent_message', text: 'Done.\nAll good' } }),
    ).toEqual({ tone: 'info', text: 'Codex: Done. All good' });
    expect(describeJobEvent({ type: 'turn.failed', error: { message: 'not logged in' } })).toEqual({
      tone: 'bad',
      text: 'Turn failed: not logged in',
    });
    expect(
      describeJobEvent({ type: 'turn.completed', usage: { input_tokens: 10, output_tokens: 3 } })?.text,
    ).toBe('Turn done (10 in / 3 out tokens)');
  });

  it("shows the job's own messages and skips what says nothing", () => {
    expect(describeJobEvent({ type: 'job.warning', message: 'Validating the diff' })).toEqual({
      tone: 'info',
      text: 'Validating the diff',
    });
    expect(describeJobEvent({ type: 'item.started', item: { type: 'agent_message', text: '' } })).toBeNull();
    expect(describeJobEvent({})).toBeNull();
    expect(describeJobEvent({ type: 'proposal.saved', valid: false })?.tone).toBe('bad');
    expect(describeJobEvent({ type: 'job.status', status: 'running' })).toEqual({
      tone: 'muted',
      text: 'Job running',
    });
    expect(
      describeJobEvent({ type: 'job.status', status: 'failed', error: { message: 'timed out' } }),
    ).toEqual({
      tone: 'bad',
      text: 'Job failed: timed out',
    });
    expect(describeJobEvent({ type: 'artifact.written' })).toEqual({ tone: 'ok', text: 'Insights saved' });
    expect(describeJobEvent({ type: 'item.completed', item: 'oops' })).toBeNull();
  });

  it('cuts long lines', () => {
    const line = describeJobEvent({ type: 'error', message: 'x'.repeat(500) });
    expect(line?.text.length).toBeLessThan(180);
    expect(line?.tone).toBe('bad');
  });
});
