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
    });
  });
});
