import { describe, expect, it } from 'vitest';
import { assistant, makeSession, user } from '../../test/helpers/analytics.js';
import { isRetroError } from '../errors.js';
import { computeCalendar } from './calendar.js';
import { prepareSession } from './prepare.js';

// at(0) is Monday 2026-11-16 09:00 UTC.
const sessions = [
  prepareSession(makeSession('a', [user(0), assistant(1), user(14 * 60 + 30)])), // Mon 09:00, Mon 23:30 UTC
  prepareSession(makeSession('b', [user(6 * 24 * 60), assistant(6 * 24 * 60 + 5)])), // Sun 09:00 UTC
];

describe('computeCalendar', () => {
  it('buckets by hour, weekday and day in UTC', () => {
    const calendar = computeCalendar(sessions, 'UTC');
    expect(calendar.by_hour[9]).toEqual({ hour: 9, user_messages: 2, sessions_started: 2 });
    expect(calendar.by_hour[23]).toEqual({ hour: 23, user_messages: 1, sessions_started: 0 });
    expect(calendar.by_weekday[0]).toEqual({ weekday: 'Monday', user_messages: 2, sessions_started: 1 });
    expect(calendar.by_weekday[6]).toEqual({ weekday: 'Sunday', user_messages: 1, sessions_started: 1 });
    expect(calendar.by_day).toEqual([
      { date: '2026-11-16', sessions: 1, user_messages: 2 },
      { date: '2026-11-22', sessions: 1, user_messages: 1 },
    ]);
  });

  it('follows the time zone it is given, across the date line of the day', () => {
    const calendar = computeCalendar(sessions, 'Asia/Kolkata'); // UTC+05:30
    expect(calendar.by_hour[14]!.user_messages).toBe(2); // 09:00 UTC → 14:30
    expect(calendar.by_hour[5]!.user_messages).toBe(1); // 23:30 UTC → 05:00 next day
    expect(calendar.by_weekday[1]).toMatchObject({ weekday: 'Tuesday', user_messages: 1 });
    expect(calendar.by_day.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-22']);
  });

  it('refuses an unknown time zone with a clear error', () => {
    try {
      computeCalendar(sessions, 'Mars/Olympus');
      expect.unreachable();
    } catch (error) {
      expect(isRetroError(error) && error.code).toBe('invalid_time_zone');
    }
  });
});
