import type { EffectOptions, EffectSide } from './types.js';

/**
 * Which sessions are "before" and which "after" each change: a session belongs to the side its start falls
 * on, since Codex reads AGENTS.md and the skills when a session starts. Each side reaches from the change
 * towards the neighbouring change (so no session is measured against two changes of the same kind at
 * once), at most `maxDays` and at most `maxSessions` sessions, nearest the change first. A session that
 * started exactly when the change was made counts before it.
 */
export interface TimedChange {
  id: string;
  at: string;
}

export interface DatedSession {
  id: string;
  started_at: string | null;
}

export type WindowSide = Omit<EffectSide, 'sessions' | 'corrections_by_kind'>;

const DAY_MS = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function assignWindows(
  changes: TimedChange[],
  sessions: DatedSession[],
  options: Pick<EffectOptions, 'now' | 'maxSessions' | 'maxDays'>,
): Map<string, { before: WindowSide; after: WindowSide }> {
  const now = options.now.getTime();
  const span = options.maxDays * DAY_MS;
  const times = changes
    .map((change) => ({ id: change.id, at: Date.parse(change.at) }))
    .filter((change) => Number.isFinite(change.at))
    .sort((a, b) => a.at - b.at);
  const dated = sessions
    .map((session) => ({ id: session.id, at: Date.parse(session.started_at ?? '') }))
    .filter((session) => Number.isFinite(session.at))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const result = new Map<string, { before: WindowSide; after: WindowSide }>();
  times.forEach((change, index) => {
    const previous = times[index - 1]?.at ?? null;
    const next = times[index + 1]?.at ?? null;
    const t = change.at;

    const lower = Math.max(previous ?? Number.NEGATIVE_INFINITY, t - span);
    const beforeAll = dated.filter((s) => s.at > lower && s.at <= t);
    const before = beforeAll.slice(-options.maxSessions);
    let beforeBound: WindowSide['bound'];
    if (before.length < beforeAll.length) beforeBound = 'sessions';
    else if (previous !== null && previous >= t - span) beforeBound = 'change';
    else if (dated.some((s) => s.at <= t - span)) beforeBound = 'days';
    else beforeBound = 'history';

    const upper = Math.min(next ?? Number.POSITIVE_INFINITY, t + span);
    const afterAll = dated.filter((s) => s.at > t && s.at <= upper);
    const after = afterAll.slice(0, options.maxSessions);
    let afterBound: WindowSide['bound'];
    if (after.length < afterAll.length) afterBound = 'sessions';
    else if (next !== null && next <= t + span) afterBound = 'change';
    else if (t + span <= now) afterBound = 'days';
    else afterBound = 'now';

    result.set(change.id, {
      before: {
        session_ids: before.map((s) => s.id),
        from: beforeBound === 'sessions' ? iso(before[0]!.at) : iso(lower),
        to: iso(t),
        bound: beforeBound,
      },
      after: {
        session_ids: after.map((s) => s.id),
        from: iso(t),
        to:
          afterBound === 'sessions'
            ? iso(after.at(-1)!.at)
            : afterBound === 'now'
              ? iso(Math.max(now, t, after.at(-1)?.at ?? t))
              : iso(upper),
        bound: afterBound,
      },
    });
  });
  return result;
}
