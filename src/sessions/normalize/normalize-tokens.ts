import type { TokenUsage } from '../scan/records.js';
import { zeroTokens } from '../token-totals.js';
import type { TokenTotals, UsageSlots } from '../types.js';
import { addToSlot } from './usage-slots.js';

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
 * What is added also goes to `slots`, under the quarter hour of the event and the model of its turn (usage-slots.ts),
 * so a session that switched models is priced per request and its cost falls on the days it was spent.
 */
export interface TokenState {
  /** The session's own requests so far. */
  sum: TokenTotals;
  /** The previous event's cumulative total and request (own or copied), for spotting re-emissions. */
  total: TokenTotals | null;
  request: TokenTotals | null;
  /** The same requests by quarter hour and model. */
  slots: UsageSlots;
}

/** Where one `token_count` was spent: the model of its turn and the quarter hour of its line (usage-slots.ts). */
export interface TokenPlace {
  model: string;
  slot: string;
}

export function createTokenState(): TokenState {
  return { sum: zeroTokens(), total: null, request: null, slots: {} };
}

/** A count as written, or 0 for one no request can have (negative, not finite): prices multiply these. */
function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function toTotals(usage: TokenUsage): TokenTotals {
  const input = count(usage.input_tokens);
  const output = count(usage.output_tokens);
  return {
    input,
    cached_input: count(usage.cached_input_tokens),
    output,
    reasoning: count(usage.reasoning_output_tokens),
    total:
      usage.total_tokens === null || usage.total_tokens === undefined
        ? input + output
        : count(usage.total_tokens),
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
  place: TokenPlace,
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
  let spent = total;
  if (request) spent = request;
  else if (previous && total.total >= previous.total) {
    spent = { ...total };
    add(spent, previous, -1);
  }
  add(state.sum, spent);
  // Only a request's own usage says how large its input was; a growth of the total may span several requests.
  addToSlot(state.slots, place.slot, place.model, spent, request ? request.input : null);
}

export function totalTokens(state: TokenState): TokenTotals {
  return { ...state.sum };
}
