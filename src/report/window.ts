import { RetroError } from '../errors.js';

export interface ReportWindow {
  since: Date;
  until: Date;
  days: number;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A date (`2026-11-22`, a whole UTC day) or a full ISO timestamp. */
function parseBound(value: string, flag: string, endOfDay: boolean): Date {
  const trimmed = value.trim();
  const ms = DATE_ONLY.test(trimmed)
    ? Date.parse(`${trimmed}T00:00:00.000Z`) + (endOfDay ? DAY_MS - 1 : 0)
    : Date.parse(trimmed);
  if (!Number.isFinite(ms)) {
    throw new RetroError(
      'invalid_window',
      `--${flag} "${value}" is not a date. Use YYYY-MM-DD or an ISO timestamp, e.g. --${flag} 2026-11-15.`,
      { status: 400 },
    );
  }
  return new Date(ms);
}

/**
 * The report window: `--since`/`--until` when given (until defaults to now, since to `days` before
 * until), else the last `--days N` (default 7) up to now.
 */
export function resolveWindow(options: {
  days?: string;
  since?: string;
  until?: string;
  now: Date;
}): ReportWindow {
  let days = 7;
  if (options.days !== undefined) {
    days = Number(options.days);
    if (!Number.isInteger(days) || days < 1 || days > 3650) {
      throw new RetroError(
        'invalid_window',
        `--days "${options.days}" must be a whole number from 1 to 3650.`,
        {
          status: 400,
        },
      );
    }
  }
  const until = options.until ? parseBound(options.until, 'until', true) : options.now;
  const since = options.since
    ? parseBound(options.since, 'since', false)
    : new Date(until.getTime() - days * DAY_MS);
  if (since.getTime() >= until.getTime()) {
    throw new RetroError('invalid_window', '--since must be before --until.', { status: 400 });
  }
  return { since, until, days: Math.max(1, Math.round((until.getTime() - since.getTime()) / DAY_MS)) };
}
