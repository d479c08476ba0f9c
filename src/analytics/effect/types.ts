import type { CorrectionKind } from './corrections.js';

/**
 * Whether a change to a repository's guidance (AGENTS.md, `.codex/skills/**`) went with better sessions:
 * the figures of the repository's sessions before it and after it, side by side, each with how sure the
 * difference is. Computed from the rollouts alone; nothing here is written by a model.
 */

export type EffectMetricKey =
  | 'tool_error_rate'
  | 'failed_command_rate'
  | 'retry_rate'
  | 'correction_rate'
  | 'turns_per_session'
  | 'tokens_per_session';

/** `share`: a part of a whole (shown as %); `mean`: an average per session. */
export type EffectUnit = 'share' | 'mean';

/**
 * `lower` / `higher`: after the change the figure is lower / higher, and a difference this large is unlikely
 * to be chance (Holm-adjusted p below 0.05). `unclear`: it moved, but no more than chance would move it.
 * `no_data`: a side has nothing to measure (no commands at all, say).
 */
export type MetricVerdict = 'lower' | 'higher' | 'unclear' | 'no_data';

interface SideFigure {
  value: number | null;
  /** What the value is made of: e.g. 21 failed commands of 100. */
  numerator: number;
  denominator: number;
}

export interface EffectMetric {
  key: EffectMetricKey;
  label: string;
  unit: EffectUnit;
  /** Whether a lower figure is the better one; null where more or less is neither (turns, tokens). */
  lower_is_better: boolean | null;
  before: SideFigure;
  after: SideFigure;
  /** after − before; null without data on both sides. */
  difference: number | null;
  /** Two-sided permutation test over sessions; null without data on both sides or too few to test. */
  p_value: number | null;
  /** Holm-adjusted over the figures of this change. */
  p_adjusted: number | null;
  verdict: MetricVerdict;
  /** The figures as every surface shows them ("21%", "5.2", "better · p = 0.004"), so all of them agree. */
  display: { before: string; after: string; change: string };
}

/**
 * `improved`: a figure where lower is better went down clearly and none went up clearly; `worsened` the
 * reverse; `mixed` both; `no_clear_change`: enough sessions, no clear difference; `not_enough_sessions`:
 * fewer than the minimum on a side, so nothing is claimed.
 */
export type EffectVerdict = 'improved' | 'worsened' | 'mixed' | 'no_clear_change' | 'not_enough_sessions';

export interface EffectSide {
  sessions: number;
  session_ids: string[];
  /** The window's limits in time: sessions that started after `from` and up to `to`. */
  from: string;
  to: string;
  /**
   * What ended the window away from the change: `change` (the neighbouring change to guidance), `days`,
   * `sessions` (the most a side holds), `history` (no older sessions), `now` (the after side is still
   * filling: more sessions will be counted as they happen).
   */
  bound: 'change' | 'days' | 'sessions' | 'history' | 'now';
  corrections_by_kind: Record<CorrectionKind, number>;
}

export interface ChangeEffect {
  verdict: EffectVerdict;
  /** Sessions each side needs before anything is compared. */
  min_sessions: number;
  before: EffectSide;
  after: EffectSide;
  metrics: EffectMetric[];
  /** One line for a list: "since applied: 14 sessions, failed commands 21% → 9% (lower)". */
  summary: string;
}

/** The windows' limits (see README: "Did the change help?"). */
export interface EffectOptions {
  now: Date;
  /** Sessions a side holds at most, nearest the change first. */
  maxSessions: number;
  /** Days a side reaches from the change at most. */
  maxDays: number;
  /** Sessions each side needs before the figures are compared. */
  minSessions: number;
}
