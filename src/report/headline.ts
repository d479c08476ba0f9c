import type { SessionDetail } from '../sessions/types.js';

/** The few numbers a person compares week to week; the stats row and "what changed" both read them. */
export interface Headline {
  sessions: number;
  active_days: number;
  projects: string[];
  user_messages: number;
  assistant_messages: number;
  tool_calls: number;
  tool_errors: number;
  tool_error_rate: number | null;
  failed_turns: number;
  session_minutes: number;
  tokens_total: number;
}

function dayOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));
}

export function computeHeadline(sessions: SessionDetail[], timeZone: string): Headline {
  const days = new Set<string>();
  const projects = new Set<string>();
  const sum = { user: 0, assistant: 0, calls: 0, errors: 0, failed: 0, ms: 0, tokens: 0 };
  for (const { metadata: m } of sessions) {
    if (m.started_at && Number.isFinite(Date.parse(m.started_at))) days.add(dayOf(m.started_at, timeZone));
    const project = m.repo_hint ?? m.cwd;
    if (project) projects.add(project);
    sum.user += m.user_messages;
    sum.assistant += m.assistant_messages;
    sum.calls += m.tool_calls;
    sum.errors += m.tool_errors;
    sum.failed += m.failed_turns;
    sum.tokens += m.tokens.total;
    const span = m.started_at && m.updated_at ? Date.parse(m.updated_at) - Date.parse(m.started_at) : 0;
    if (Number.isFinite(span) && span > 0) sum.ms += span;
  }
  return {
    sessions: sessions.length,
    active_days: days.size,
    projects: [...projects].sort(),
    user_messages: sum.user,
    assistant_messages: sum.assistant,
    tool_calls: sum.calls,
    tool_errors: sum.errors,
    tool_error_rate: sum.calls > 0 ? Number((sum.errors / sum.calls).toFixed(4)) : null,
    failed_turns: sum.failed,
    session_minutes: Math.round((sum.ms / 60_000) * 10) / 10,
    tokens_total: sum.tokens,
  };
}
