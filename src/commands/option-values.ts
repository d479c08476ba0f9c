import { UsageError } from '../errors.js';
import { ID_PATTERNS } from '../ids.js';

/**
 * Turns the text of a flag into the value a command gets, or refuses it with a UsageError (exit 2). Parsed while
 * argv is read, before any command module loads, so this file imports nothing heavy.
 */

/** `--days N` of `sessions list`: any positive number of days, `0.5` included. */
export function parsePositiveDays(value: string): number {
  const days = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(days > 0)) {
    throw new UsageError('invalid_option', `--days takes a positive number of days, e.g. --days 7.`);
  }
  return days;
}

/** `--days N` of `report`: a whole number of days from 1 to 3650. */
export function parseReportDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value.trim()) || days < 1 || days > 3650) {
    throw new UsageError('invalid_option', '--days takes a whole number of days from 1 to 3650.');
  }
  return days;
}

const DAY = /^(\d{4})-?(\d{2})-?(\d{2})$/;
/** A time of day after the date, with an offset or none (then local time), as `Date.parse` reads it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `--since`/`--until`: a day as `YYYY-MM-DD` or `YYYYMMDD` (a day of the local calendar, as the tables show
 * times; `--until` takes the whole day), or a date and time (`2026-11-22T14:30`, an offset such as `Z` allowed).
 */
export function parseDateBound(value: string, edge: 'since' | 'until'): Date {
  const text = value.trim();
  const day = DAY.exec(text);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const start = new Date(year, month - 1, date);
    if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== date) {
      throw badDate(value, edge);
    }
    return edge === 'since' ? start : new Date(new Date(year, month - 1, date + 1).getTime() - 1);
  }
  if (DATE_TIME.test(text)) {
    const at = new Date(text.replace(' ', 'T'));
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw badDate(value, edge);
}

function badDate(value: string, edge: string): UsageError {
  return new UsageError(
    'invalid_date',
    `--${edge} "${value.slice(0, 40)}" is not a date: use YYYY-MM-DD or YYYYMMDD (e.g. --${edge} 2026-11-22 or 20261122), or a date and time such as 2026-11-22T14:30.`,
  );
}

/** Refuses a window that ends before it starts. */
export function assertWindowOrder(since: Date | undefined, until: Date | undefined): void {
  if (since && until && since.getTime() > until.getTime()) {
    throw new UsageError('invalid_window', '--since must not be after --until.');
  }
}

export function parseRunMode(value: string): 'fork' | 'resume' | 'digest' {
  if (value === 'fork' || value === 'resume' || value === 'digest') return value;
  throw new UsageError('invalid_option', '--mode takes fork, resume or digest.');
}

export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new UsageError('invalid_option', '--port takes a number from 0 to 65535 (0 picks a free port).');
  }
  return Number(value);
}

export function parseToken(value: string): string {
  if (value.length < 16 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new UsageError(
      'invalid_option',
      '--token must be at least 16 printable characters without spaces.',
    );
  }
  return value;
}

/** A session id as given: the full id, or a part of it (at least 6 characters) such as the one lists show. */
export function parseSessionRef(value: string): string {
  const ref = value.trim().toLowerCase();
  if (!ID_PATTERNS.session.test(ref) && !/^[0-9a-f-]{6,35}$/.test(ref)) {
    throw new UsageError(
      'invalid_id',
      `"${value.slice(0, 80)}" is not a session id: give the full id or the short id that \`codex-retro sessions list\` shows.`,
    );
  }
  return ref;
}

export function parseProposalId(value: string): string {
  if (!ID_PATTERNS.proposal.test(value)) {
    throw new UsageError(
      'invalid_id',
      `"${value.slice(0, 80)}" is not a proposal id (prop-…): see \`codex-retro proposals list\`.`,
    );
  }
  return value;
}

/** `--insight`: an artifact id, or the time `insights list` shows it by (the session comes from --session). */
export function parseInsightRef(value: string): string {
  if (ID_PATTERNS.artifact.test(value) || ID_PATTERNS.timestamp.test(value)) return value;
  throw new UsageError(
    'invalid_id',
    `"${value.slice(0, 80)}" is not an insight: give the INSIGHT that \`codex-retro insights list\` shows (e.g. 20261122T031500123Z) or the full artifact id.`,
  );
}
