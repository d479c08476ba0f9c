import { RetroError } from '../errors.js';

export interface ZonedParts {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  hour: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** Every UTC offset in use is a multiple of 15 minutes, so one lookup serves a whole quarter hour. */
const QUARTER_HOUR = 15 * 60 * 1000;

/** Reads calendar parts of instants in one IANA time zone (Intl, no dependency), memoized. */
export function createZoneReader(timeZone: string): (ms: number) => ZonedParts {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
  } catch (error) {
    throw new RetroError(
      'invalid_time_zone',
      `Unknown time zone "${timeZone}". Use an IANA name such as Europe/Berlin or UTC.`,
      { status: 400, cause: error },
    );
  }
  const cache = new Map<number, ZonedParts>();
  return (ms) => {
    const key = Math.floor(ms / QUARTER_HOUR);
    const hit = cache.get(key);
    if (hit) return hit;
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(new Date(key * QUARTER_HOUR))) parts[part.type] = part.value;
    const result: ZonedParts = {
      date: `${parts.year}-${parts.month}-${parts.day}`,
      hour: Number(parts.hour) % 24,
      weekday: Math.max(0, WEEKDAYS.indexOf(parts.weekday ?? '')),
    };
    cache.set(key, result);
    return result;
  };
}
