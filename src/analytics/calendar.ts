import type { AnalyzedSession } from './prepare.js';
import { isUserMessage } from './prepare.js';
import { compareText } from './stats.js';
import type { CalendarMetrics } from './types.js';
import { createZoneReader, WEEKDAY_NAMES } from './zoned-time.js';

/** When the person works: typed messages and session starts by hour and weekday, and active days. */
export function computeCalendar(sessions: AnalyzedSession[], timeZone: string): CalendarMetrics {
  const read = createZoneReader(timeZone);
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, user_messages: 0, sessions_started: 0 }));
  const byWeekday = WEEKDAY_NAMES.map((weekday) => ({ weekday, user_messages: 0, sessions_started: 0 }));
  const days = new Map<string, { sessions: Set<string>; user_messages: number }>();
  const day = (date: string) => {
    let row = days.get(date);
    if (!row) {
      row = { sessions: new Set(), user_messages: 0 };
      days.set(date, row);
    }
    return row;
  };

  for (const session of sessions) {
    if (session.start !== null) {
      const start = read(session.start);
      byHour[start.hour]!.sessions_started++;
      byWeekday[start.weekday]!.sessions_started++;
      day(start.date).sessions.add(session.id);
    }
    for (const [i, entry] of session.entries.entries()) {
      const ms = session.times[i] ?? null;
      if (ms === null) continue;
      const parts = read(ms);
      const row = day(parts.date);
      row.sessions.add(session.id);
      if (!isUserMessage(entry)) continue;
      row.user_messages++;
      byHour[parts.hour]!.user_messages++;
      byWeekday[parts.weekday]!.user_messages++;
    }
  }

  const byDay = [...days]
    .sort(([a], [b]) => compareText(a, b))
    .map(([date, row]) => ({ date, sessions: row.sessions.size, user_messages: row.user_messages }));
  return { time_zone: timeZone, by_hour: byHour, by_weekday: byWeekday, by_day: byDay };
}
