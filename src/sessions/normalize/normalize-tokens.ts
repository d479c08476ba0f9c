import type { TokenUsage } from '../scan/records.js';
import type { TokenTotals } from '../types.js';

/**
 * Session token totals from `token_count` events. Each event carries the cumulative
 * `total_token_usage` of the running Codex process, so re-emitted duplicates (0.60 writes two per
 * request) change nothing. Two corrections:
 * - a resumed session in older releases restarts the counter in the same file: a total that drops
 *   starts a new segment, and segments add up;
 * - a fork's counter continues from its parent's: the fork's own usage starts from the parent's
 *   cumulative total (the last copied token_count, or the first own total minus its last request).
 */
export interface TokenState {
  /** Sum of finished segments. */
  done: TokenTotals;
  /** Last cumulative total of the current segment. */
  last: TokenTotals | null;
  /** What the current segment started from (the parent's share in a fork). */
  base: TokenTotals | null;
}

function zeroTokens(): TokenTotals {
  return { input: 0, cached_input: 0, output: 0, reasoning: 0, total: 0 };
}

export function createTokenState(): TokenState {
  return { done: zeroTokens(), last: null, base: null };
}

function toTotals(usage: TokenUsage): TokenTotals {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  return {
    input,
    cached_input: usage.cached_input_tokens ?? 0,
    output,
    reasoning: usage.reasoning_output_tokens ?? 0,
    total: usage.total_tokens ?? input + output,
  };
}

function combine(a: TokenTotals, b: TokenTotals, sign: 1 | -1): TokenTotals {
  return {
    input: a.input + sign * b.input,
    cached_input: a.cached_input + sign * b.cached_input,
    output: a.output + sign * b.output,
    reasoning: a.reasoning + sign * b.reasoning,
    total: a.total + sign * b.total,
  };
}

function clampZero(t: TokenTotals): TokenTotals {
  return {
    input: Math.max(0, t.input),
    cached_input: Math.max(0, t.cached_input),
    output: Math.max(0, t.output),
    reasoning: Math.max(0, t.reasoning),
    total: Math.max(0, t.total),
  };
}

/** A token_count copied from the fork parent: it only moves the fork's starting point. */
export function recordInheritedTokens(state: TokenState, total: TokenUsage): void {
  state.base = toTotals(total);
}

/** A token_count of the session itself. `fork` is true when the session is a fork. */
export function recordTokens(
  state: TokenState,
  total: TokenUsage,
  last: TokenUsage | null | undefined,
  fork: boolean,
): void {
  const current = toTotals(total);
  if (state.last === null) {
    if (state.base === null && fork && last) state.base = clampZero(combine(current, toTotals(last), -1));
  } else if (current.total < state.last.total) {
    state.done = combine(state.done, clampZero(combine(state.last, state.base ?? zeroTokens(), -1)), 1);
    state.base = null;
  }
  state.last = current;
}

export function totalTokens(state: TokenState): TokenTotals {
  if (state.last === null) return { ...state.done };
  return combine(state.done, clampZero(combine(state.last, state.base ?? zeroTokens(), -1)), 1);
}
