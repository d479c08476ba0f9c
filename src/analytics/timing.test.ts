import { describe, expect, it } from 'vitest';
import { assistant, at, context, inherited, makeSession, turn, user } from '../../test/helpers/analytics.js';
import { prepareSession } from './prepare.js';
import { collectReplyGaps, computeTiming } from './timing.js';

const SECOND = 1000;

function session(entries: Parameters<typeof makeSession>[1], turns = [turn(0, 1)]) {
  return prepareSession(makeSession('s', entries, { turns }));
}

function withSeconds(entry: ReturnType<typeof user>, seconds: number) {
  return { ...entry, ts: new Date(Date.parse(at(0)) + seconds * SECOND).toISOString() };
}

describe('reply gaps', () => {
  it('times from Codex’s last message to the person’s next one', () => {
    const s = session([
      withSeconds(user(0), 0),
      withSeconds(assistant(0, 'first'), 5),
      withSeconds(assistant(0, 'last'), 20),
      withSeconds(context(0), 25),
      withSeconds(user(0), 45),
      withSeconds(assistant(0), 50),
      withSeconds(user(0), 50 + 3 * 3600),
    ]);
    expect(collectReplyGaps(s)).toEqual([25 * SECOND, 3 * 3600 * SECOND]);
  });

  it('never times a fork’s first prompt against its parent’s answers', () => {
    const s = session([inherited(user(0)), inherited(assistant(1)), user(30), assistant(31), user(33)]);
    expect(collectReplyGaps(s)).toEqual([2 * 60 * SECOND]);
  });

  it('fills the histogram buckets the report shows', () => {
    const gaps = [5, 15, 45, 90, 200, 600, 1800, 7200];
    const entries = [withSeconds(user(0), 0)];
    let t = 0;
    for (const gap of gaps) {
      t += 1;
      entries.push(withSeconds(assistant(0), t));
      t += gap;
      entries.push(withSeconds(user(0), t));
    }
    const timing = computeTiming([session(entries)], []);
    expect(timing.reply_gap_histogram.map((b) => [b.label, b.count])).toEqual([
      ['<10s', 1],
      ['10s–30s', 1],
      ['30s–1m', 1],
      ['1m–2m', 1],
      ['2m–5m', 1],
      ['5m–15m', 1],
      ['15m–1h', 1],
      ['>1h', 1],
    ]);
    expect(timing.reply_gap.count).toBe(8);
    expect(timing.reply_gap.max_ms).toBe(7200 * SECOND);
  });
});

describe('computeTiming', () => {
  it('summarizes Codex’s turn durations and time to first token, own turns only', () => {
    const detail = makeSession('s', [user(0), assistant(2)], {
      turns: [
        turn(0, 2, { time_to_first_token_ms: 800 }),
        turn(3, 4, { status: 'failed', time_to_first_token_ms: 1200 }),
        turn(5, 15, { status: 'aborted' }),
        { ...turn(0, 30), inherited: true },
      ],
    });
    const timing = computeTiming([prepareSession(detail)], []);
    expect(timing.turns).toEqual({ total: 3, completed: 1, failed: 1, aborted: 1, unknown: 0 });
    expect(timing.turn_duration).toMatchObject({ count: 3, median_ms: 120_000, max_ms: 600_000 });
    expect(timing.time_to_first_token).toMatchObject({ count: 2, mean_ms: 1000, max_ms: 1200 });
  });
});
