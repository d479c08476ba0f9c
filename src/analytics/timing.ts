import type { AnalyzedSession } from './prepare.js';
import { isAssistantMessage, isUserMessage } from './prepare.js';
import { buildHistogram, REPLY_GAP_EDGES, summarizeDurations, TURN_DURATION_EDGES } from './stats.js';
import type { ToolCallRecord } from './tool-calls.js';
import type { TimingMetrics } from './types.js';

/**
 * The person's reply gaps in one session: from Codex's last message before a typed message to that
 * message. Only own entries take part, so a fork's first prompt is not timed against its parent.
 */
export function collectReplyGaps(session: AnalyzedSession): number[] {
  const gaps: number[] = [];
  let lastAnswer: number | null = null;
  for (const [i, entry] of session.entries.entries()) {
    const ms = session.times[i] ?? null;
    if (isAssistantMessage(entry)) {
      if (ms !== null) lastAnswer = ms;
    } else if (isUserMessage(entry)) {
      if (ms !== null && lastAnswer !== null && ms >= lastAnswer) gaps.push(ms - lastAnswer);
      lastAnswer = null;
    }
  }
  return gaps;
}

/** Codex's response timing (turn durations, time to first token) and the person's reply gaps. */
export function computeTiming(sessions: AnalyzedSession[], calls: ToolCallRecord[]): TimingMetrics {
  const turns = { total: 0, completed: 0, failed: 0, aborted: 0, unknown: 0 };
  const turnDurations: number[] = [];
  const firstToken: number[] = [];
  const gaps: number[] = [];
  for (const session of sessions) {
    for (const turn of session.turns) {
      turns.total++;
      turns[turn.status]++;
      if (turn.duration_ms !== null) turnDurations.push(turn.duration_ms);
      if (turn.time_to_first_token_ms !== null) firstToken.push(turn.time_to_first_token_ms);
    }
    gaps.push(...collectReplyGaps(session));
  }
  const toolDurations: number[] = [];
  for (const call of calls) {
    const duration = call.output?.tool?.duration_ms;
    if (typeof duration === 'number') toolDurations.push(duration);
  }
  return {
    turns,
    turn_duration: summarizeDurations(turnDurations),
    turn_duration_histogram: buildHistogram(turnDurations, TURN_DURATION_EDGES),
    time_to_first_token: summarizeDurations(firstToken),
    reply_gap: summarizeDurations(gaps),
    reply_gap_histogram: buildHistogram(gaps, REPLY_GAP_EDGES),
    tool_duration: summarizeDurations(toolDurations),
  };
}
