import type { TokenUsage } from '../scan/records.js';
import type { TokenTotals } from '../types.js';

/**
 * Session token totals from `token_count` events, each model request counted once. Every event carries
 * the running Codex process's cumulative `total_token_usage` and the request's own `last_token_usage`:
 * - an event whose cumulative total (and request) equals the previous event's is a re-emission (0.60 writes
 *   two per request; a resumed process may repeat its restored total): it adds nothing;
 * - otherwise the request's `last_token_usage` is added. Summing requests rather than differencing totals
 *   survives every resume boundary, including a resumed process whose counter restarted below, at or above
 *   the previous process's last total (0.34–0.60 restart the counter in the same file);
 * - a release without `last_token_usage` adds the growth of the total, or the whole total when it fell;
 * - events copied from a fork parent only set what the fork's first own event is compared with.
 */
export interface TokenState {
  /** The session's own requests so far. */
  sum: TokenTotals;
  /** The previous event's cumulative total and request (own or copied), for spotting re-emissions. */
  total: TokenTotals | null;
  request: TokenTotals | null;
}

function zeroTokens(): TokenTotals {
  return { input: 0, cached_input: 0, output: 0, reasoning: 0, total: 0 };
}

export function createTokenState(): TokenState {
  return { sum: zeroTokens(), total: null, request: null };
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

function add(into: TokenTotals, b: TokenTotals, sign: 1 | -1 = 1): void {
  into.input = Math.max(0, into.input + sign * b.input);
  into.cached_input = Math.max(0, into.cached_input + sign * b.cached_input);
  into.output = Math.max(0, into.output + sign * b.output);
  into.reasoning = Math.max(0, into.reasoning + sign * b.reasoning);
  into.total = Math.max(0, into.total + sign * b.total);
}

function same(a: TokenTotals, b: TokenTotals): boolean {
  return (
    a.total === b.total &&
    a.input === b.input &&
    a.cached_input === b.cached_input &&
    a.output === b.output &&
    a.reasoning === b.reasoning
  );
}

/** One `token_count`; `copied` is true inside a fork's copy of its parent's history. */
export function recordTokens(
  state: TokenState,
  totalUsage: TokenUsage,
  lastUsage: TokenUsage | null | undefined,
  copied: boolean,
): void {
  const total = toTotals(totalUsage);
  const request = lastUsage ? toTotals(lastUsage) : null;
  const previous = state.total;
  const repeated =
    previous !== null &&
    same(total, previous) &&
    (request === null || state.request === null || same(request, state.request));
  state.total = total;
  state.request = request;
  if (repeated || copied) return;
  if (request) add(state.sum, request);
  else if (previous && total.total >= previous.total) {
    const growth = { ...total };
    add(growth, previous, -1);
    add(state.sum, growth);
  } else add(state.sum, total);
}

export function totalTokens(state: TokenState): TokenTotals {
  return { ...state.sum };
}
