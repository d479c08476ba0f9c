import type { SessionDetail, SessionMetadata, TranscriptEntry, TurnInfo } from '../sessions/types.js';
import { parseTime } from './stats.js';

/**
 * A session as the metrics see it: only its own entries and turns (a fork's copies of its parent, and the
 * turns codex-retro added by resuming it, are dropped here, once, so no metric can count them again) and its
 * active span.
 */
export interface AnalyzedSession {
  id: string;
  meta: SessionMetadata;
  entries: TranscriptEntry[];
  /** Each entry's timestamp in epoch ms (null when unknown), parsed once for every metric. */
  times: (number | null)[];
  turns: TurnInfo[];
  /** First and last own timestamp (entries and turns); null when the session has none. */
  start: number | null;
  end: number | null;
  inherited_entries: number;
}

export function prepareSession(detail: SessionDetail): AnalyzedSession {
  const entries = detail.messages.filter((entry) => !entry.inherited && !entry.codex_retro);
  const turns = detail.turns.filter((turn) => !turn.inherited && !turn.codex_retro);
  let start: number | null = null;
  let end: number | null = null;
  const see = (ms: number | null): void => {
    if (ms === null) return;
    if (start === null || ms < start) start = ms;
    if (end === null || ms > end) end = ms;
  };
  const times = entries.map((entry) => parseTime(entry.ts));
  for (const ms of times) see(ms);
  for (const turn of turns) {
    see(parseTime(turn.started_at));
    see(parseTime(turn.completed_at));
  }
  // A session with no own timestamped lines still has the time it was started.
  if (start === null && entries.length + turns.length > 0) see(parseTime(detail.metadata.started_at));
  return {
    id: detail.id,
    meta: detail.metadata,
    entries,
    times,
    turns,
    start,
    end,
    inherited_entries: detail.messages.filter((entry) => entry.inherited).length,
  };
}

/** A person's own typed message (injected context has kind `context`, never `message`). */
export function isUserMessage(entry: TranscriptEntry): boolean {
  return entry.kind === 'message' && entry.role === 'user';
}

export function isAssistantMessage(entry: TranscriptEntry): boolean {
  return entry.kind === 'message' && entry.role === 'assistant';
}
