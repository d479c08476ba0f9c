import { describe, expect, it } from 'vitest';
import { error, inherited, makeSession, turn, user } from '../../test/helpers/analytics.js';
import { computeEvents } from './events.js';
import { prepareSession } from './prepare.js';

describe('computeEvents', () => {
  it('counts interruptions once, compactions, forks, failed turns and recorded errors', () => {
    const compaction = {
      role: 'system' as const,
      kind: 'compaction' as const,
      content: 'compacted',
      ts: null,
    };
    const sessions = [
      makeSession('a', [user(0), error(1, 'turn_aborted'), user(2), compaction, error(3, 'stream_error')], {
        turns: [turn(0, 1, { status: 'aborted' }), turn(2, 4, { status: 'failed' })],
      }),
      makeSession(
        'b',
        [inherited(error(0, 'turn_aborted')), inherited(compaction), user(5), error(6, 'turn_aborted')],
        {
          meta: { forked_from_id: 'a' },
        },
      ),
    ].map(prepareSession);
    expect(computeEvents(sessions)).toEqual({
      interruptions: 2,
      compactions: 1,
      forks: 1,
      failed_turns: 1,
      errors_by_kind: [
        { name: 'turn_aborted', count: 2 },
        { name: 'stream_error', count: 1 },
      ],
      approval_turns: 0,
      approval_waits: [],
      sessions_with_friction: 2,
    });
  });

  it('counts the turns Codex waited for the person in, once per turn, and not those codex-retro added', () => {
    const ask = {
      ...user(1),
      role: 'assistant' as const,
      kind: 'tool_call' as const,
      approval_wait: 'user_input' as const,
    };
    const escalate = { ...ask, ts: ask.ts, approval_wait: 'escalation' as const };
    const sessions = [
      makeSession(
        'a',
        [user(0), ask, escalate, user(5), { ...escalate, codex_retro: { job_id: 'j', kind: 'insights' } }],
        {
          turns: [
            turn(0, 2, { approval_waits: 2 }),
            turn(5, 6, { approval_waits: 1, codex_retro: { job_id: 'j', kind: 'insights' } }),
          ],
        },
      ),
      // A release without turn events: each call it waited with is a turn of its own.
      makeSession('b', [user(0), ask, user(3), escalate]),
      makeSession('c', [user(0)], { turns: [turn(0, 1)] }),
    ].map(prepareSession);
    const events = computeEvents(sessions);
    expect(events.approval_turns).toBe(3);
    expect(events.approval_waits).toEqual([
      { name: 'escalation', count: 2 },
      { name: 'user_input', count: 2 },
    ]);
    expect(events.sessions_with_friction).toBe(2);
  });
});
