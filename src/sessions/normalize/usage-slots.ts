import { addTokens, zeroTokens } from '../token-totals.js';
import type { ModelTokens, TokenTotals, UsageSlots } from '../types.js';

/**
 * Where a session's requests go for pricing: by quarter hour and model. A quarter hour, because every UTC offset in
 * use is a multiple of 15 minutes, so a slot never straddles midnight in any time zone and a day, week or month
 * in the person's zone is a sum of whole slots. By model, because a session can switch models and each request is
 * priced with the model of its turn. Requests whose input passed a context size some price lists charge more for
 * are also kept apart (`above`), by the largest such size they passed.
 */

/** Context sizes (input tokens) past which some price list entries charge another rate. */
const CONTEXT_TIERS = [128_000, 200_000, 256_000, 272_000] as const;

const QUARTER_HOUR = 15 * 60 * 1000;

/** The model a request is filed under when the rollout never said which model answered. */
export const UNRECORDED_MODEL = 'unknown';

/** `YYYY-MM-DDTHH:MM` (UTC, the quarter hour's start) of an ISO time; '' when there is none. */
export function slotOf(ts: string | null): string {
  if (!ts) return '';
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return '';
  return new Date(Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR).toISOString().slice(0, 16);
}

/** The largest context tier a request of `input` tokens passed, or null. */
function tierOf(input: number): number | null {
  let tier: number | null = null;
  for (const size of CONTEXT_TIERS) if (input > size) tier = size;
  return tier;
}

/** Adds `tokens` to `model` of `slot`; `requestInput` (when one request's own size is known) files a large one. */
export function addToSlot(
  slots: UsageSlots,
  slot: string,
  model: string,
  tokens: TokenTotals,
  requestInput: number | null,
): void {
  let models = slots[slot];
  if (!models) {
    models = {};
    slots[slot] = models;
  }
  let row = models[model];
  if (!row) {
    row = zeroTokens();
    models[model] = row;
  }
  addTokens(row, tokens);
  const tier = requestInput === null ? null : tierOf(requestInput);
  if (tier !== null) {
    row.above ??= {};
    const key = String(tier);
    row.above[key] ??= zeroTokens();
    addTokens(row.above[key], tokens);
  }
}

/** Adds one model's tokens (their large-request part too) into another row. */
export function mergeModelTokens(into: ModelTokens, from: ModelTokens): void {
  addTokens(into, from);
  for (const [tier, tokens] of Object.entries(from.above ?? {})) {
    into.above ??= {};
    into.above[tier] ??= zeroTokens();
    addTokens(into.above[tier], tokens);
  }
}

/** A session's tokens by model, summed over its slots. */
export function tokensByModel(slots: UsageSlots): Record<string, ModelTokens> {
  const byModel: Record<string, ModelTokens> = {};
  for (const models of Object.values(slots)) {
    for (const [model, tokens] of Object.entries(models)) {
      byModel[model] ??= zeroTokens();
      mergeModelTokens(byModel[model], tokens);
    }
  }
  return byModel;
}
