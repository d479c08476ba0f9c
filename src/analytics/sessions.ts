import type { AnalyzedSession } from './prepare.js';
import { isAssistantMessage, isUserMessage } from './prepare.js';
import { buildHistogram, SESSION_DURATION_EDGES, summarizeDurations } from './stats.js';
import type { SessionMetrics } from './types.js';

/** How much was done: sessions, messages each way, turns and how long sessions lasted. */
export function computeSessionMetrics(sessions: AnalyzedSession[], activeDays: number): SessionMetrics {
  let userMessages = 0;
  let assistantMessages = 0;
  let turns = 0;
  let archived = 0;
  let maxUserMessages = 0;
  let first: number | null = null;
  let last: number | null = null;
  const durations: number[] = [];
  for (const session of sessions) {
    let typed = 0;
    for (const entry of session.entries) {
      if (isUserMessage(entry)) typed++;
      else if (isAssistantMessage(entry)) assistantMessages++;
    }
    userMessages += typed;
    maxUserMessages = Math.max(maxUserMessages, typed);
    turns += session.turns.length;
    if (session.meta.archived) archived++;
    if (session.start !== null && session.end !== null) {
      durations.push(session.end - session.start);
      if (first === null || session.start < first) first = session.start;
      if (last === null || session.end > last) last = session.end;
    }
  }
  return {
    total: sessions.length,
    active_days: activeDays,
    first_activity_at: first === null ? null : new Date(first).toISOString(),
    last_activity_at: last === null ? null : new Date(last).toISOString(),
    user_messages: userMessages,
    assistant_messages: assistantMessages,
    turns,
    archived,
    duration: summarizeDurations(durations),
    duration_histogram: buildHistogram(durations, SESSION_DURATION_EDGES),
    user_messages_per_session: {
      mean: sessions.length > 0 ? Math.round((userMessages / sessions.length) * 100) / 100 : null,
      max: maxUserMessages,
    },
  };
}
