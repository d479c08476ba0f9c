import type { UsageMetrics } from '../analytics/types.js';
import type { SessionDetail } from '../sessions/types.js';

/**
 * The few numbers a person compares week to week; the stats row and "what changed" both read them. Every count
 * is the metrics' own, so a card and the chart that breaks it down start from the same total.
 */
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
  /** USD at list prices of the priced models (null when none could be priced); `cost_unpriced` names the rest. */
  cost_usd: number | null;
  cost_unpriced: string[];
  /** What Codex's patches changed (apply_patch edits). */
  lines_added: number;
  lines_removed: number;
  files_changed: number;
}

/** `metrics` of `sessions`; the projects are the sessions' repositories, else their folders. */
export function computeHeadline(metrics: UsageMetrics, sessions: SessionDetail[]): Headline {
  const projects = new Set<string>();
  for (const { metadata: m } of sessions) {
    const project = m.repo_hint ?? m.cwd;
    if (project) projects.add(project);
  }
  return {
    sessions: metrics.sessions.total,
    active_days: metrics.sessions.active_days,
    projects: [...projects].sort(),
    user_messages: metrics.sessions.user_messages,
    assistant_messages: metrics.sessions.assistant_messages,
    tool_calls: metrics.tools.calls,
    tool_errors: metrics.errors.total,
    tool_error_rate: metrics.tools.calls > 0 ? Number(metrics.errors.rate.toFixed(4)) : null,
    failed_turns: metrics.events.failed_turns,
    session_minutes: Math.round((metrics.sessions.duration.total_ms / 60_000) * 10) / 10,
    tokens_total: metrics.tokens.total,
    cost_usd: metrics.tokens.cost.usd === null ? null : Math.round(metrics.tokens.cost.usd * 1e6) / 1e6,
    cost_unpriced: metrics.tokens.cost.missing_models,
    lines_added: metrics.patches.lines_added,
    lines_removed: metrics.patches.lines_removed,
    files_changed: metrics.patches.files_changed,
  };
}
