import { UNRECORDED_MODEL } from '../sessions/normalize/usage-slots.js';
import type { ModelTokens, TokenTotals } from '../sessions/types.js';
import type { PriceEntry, PriceTable } from './price-table.js';
import { createModelResolver, type Resolution } from './resolve-model.js';
import type { ModelCost, SessionCost } from './types.js';

/**
 * Tokens → USD at a price list's standard rates:
 * - input is priced fresh (input − cached, at the input rate) plus cached (at the cached-input rate, or the input
 *   rate where the list gives none — cached input is part of input in Codex's counts and OpenAI's);
 * - output at the output rate; reasoning tokens are part of output (OpenAI's `output_tokens` includes them, and so
 *   does Codex's `total_tokens` = input + output), so they are not added again — only a list that prices reasoning
 *   apart (`output_cost_per_reasoning_token`) moves them to that rate;
 * - requests whose input passed a context size the entry prices apart (`…_above_272k_tokens`) are priced at that
 *   tier's rates, each under the largest tier it passed.
 * The service tier (flex, priority) is not in the rollouts, so standard rates apply.
 */

const PER_K = /_above_(\d+)k_tokens$/;

interface Rates {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

function num(entry: PriceEntry, key: string): number | null {
  const value = entry[key];
  return typeof value === 'number' ? value : null;
}

/** The context sizes (in tokens) an entry prices apart, ascending. */
function tiersOf(entry: PriceEntry): number[] {
  const tiers = new Set<number>();
  for (const key of Object.keys(entry)) {
    const k = PER_K.exec(key)?.[1];
    if (k && key.startsWith('input_cost_per_token')) tiers.add(Number(k) * 1000);
  }
  return [...tiers].sort((a, b) => a - b);
}

/** The rates for requests that passed `tier` tokens of input (0: the base rates). */
function ratesAt(entry: PriceEntry, tier: number): Rates {
  const suffix = tier === 0 ? '' : `_above_${tier / 1000}k_tokens`;
  const pick = (field: string, fallback: number): number => num(entry, `${field}${suffix}`) ?? fallback;
  const baseInput = num(entry, 'input_cost_per_token') ?? 0;
  const baseOutput = num(entry, 'output_cost_per_token') ?? 0;
  const input = pick('input_cost_per_token', baseInput);
  const output = pick('output_cost_per_token', baseOutput);
  const baseCached = num(entry, 'cache_read_input_token_cost');
  const cached =
    tier === 0
      ? (baseCached ?? input)
      : (num(entry, `cache_read_input_token_cost${suffix}`) ?? baseCached ?? input);
  const reasoning = pick(
    'output_cost_per_reasoning_token',
    num(entry, 'output_cost_per_reasoning_token') ?? output,
  );
  return { input, cached, output, reasoning };
}

function priceTokens(tokens: TokenTotals, rates: Rates): number {
  const cached = Math.min(tokens.cached_input, tokens.input);
  const fresh = tokens.input - cached;
  const reasoning = Math.min(tokens.reasoning, tokens.output);
  return (
    fresh * rates.input +
    cached * rates.cached +
    (tokens.output - reasoning) * rates.output +
    reasoning * rates.reasoning
  );
}

function minus(a: TokenTotals, b: TokenTotals): TokenTotals {
  return {
    input: Math.max(0, a.input - b.input),
    cached_input: Math.max(0, a.cached_input - b.cached_input),
    output: Math.max(0, a.output - b.output),
    reasoning: Math.max(0, a.reasoning - b.reasoning),
    total: Math.max(0, a.total - b.total),
  };
}

/** USD for one model's tokens priced with `entry`. */
export function priceModelTokens(entry: PriceEntry, tokens: ModelTokens): number {
  const tiers = tiersOf(entry);
  let rest: TokenTotals = tokens;
  let usd = 0;
  for (const [band, part] of Object.entries(tokens.above ?? {})) {
    rest = minus(rest, part);
    // A request past `band` tokens is priced at the largest tier of the entry it also passed.
    const tier = tiers.filter((size) => size <= Number(band)).pop() ?? 0;
    usd += priceTokens(part, ratesAt(entry, tier));
  }
  return usd + priceTokens(rest, ratesAt(entry, 0));
}

function hasTokens(tokens: TokenTotals): boolean {
  return tokens.total > 0 || tokens.input > 0 || tokens.output > 0;
}

function plain(tokens: ModelTokens): TokenTotals {
  const { input, cached_input, output, reasoning, total } = tokens;
  return { input, cached_input, output, reasoning, total };
}

/** Prices sets of tokens by model with one price list. */
export interface Pricer {
  readonly date: string;
  price(byModel: Record<string, ModelTokens>): SessionCost;
}

export function createPricer(table: PriceTable): Pricer {
  const resolve = createModelResolver(table);
  const priceOne = (model: string, tokens: ModelTokens): ModelCost => {
    const found: Resolution | null = model === UNRECORDED_MODEL ? null : resolve(model);
    return {
      model,
      priced_as: found?.key ?? null,
      match: found?.match ?? null,
      usd: found ? priceModelTokens(found.entry, tokens) : null,
      tokens: plain(tokens),
    };
  };
  return {
    date: table.source.date,
    price(byModel) {
      const rows = Object.entries(byModel)
        .filter(([, tokens]) => hasTokens(tokens))
        .map(([model, tokens]) => priceOne(model, tokens))
        .sort(
          (a, b) =>
            (b.usd ?? -1) - (a.usd ?? -1) || b.tokens.total - a.tokens.total || (a.model < b.model ? -1 : 1),
        );
      return summarize(rows, table.source.date);
    },
  };
}

function summarize(rows: ModelCost[], date: string): SessionCost {
  const missing = rows.filter((row) => row.usd === null);
  const priced = rows.filter((row) => row.usd !== null);
  const usd =
    priced.length === 0 && missing.length > 0 ? null : priced.reduce((sum, row) => sum + (row.usd ?? 0), 0);
  return {
    usd,
    priced: missing.length === 0 ? true : priced.length === 0 ? false : 'partial',
    missing_models: missing.map((row) => row.model).sort(),
    reason: describeMissing(missing),
    by_model: rows,
    pricing_date: date,
  };
}

/** One sentence: which models have no price, and how many tokens have no model recorded at all. */
function describeMissing(missing: ModelCost[]): string | null {
  if (missing.length === 0) return null;
  const named = missing.filter((row) => row.model !== UNRECORDED_MODEL).map((row) => row.model);
  const unnamed = missing.find((row) => row.model === UNRECORDED_MODEL);
  const parts: string[] = [];
  if (named.length > 0)
    parts.push(`no price for model${named.length === 1 ? '' : 's'} ${named.sort().join(', ')}`);
  if (unnamed)
    parts.push(
      `no model is recorded for ${unnamed.tokens.total.toLocaleString('en-US')} tokens (Codex 0.34 and older do not record it)`,
    );
  return parts.join('; ');
}

/**
 * Costs of several sessions as one: each model's dollars and tokens summed, a model unpriced in any of them named.
 * `date` is the price list's (every cost of one run shares it).
 */
export function sumCosts(costs: readonly SessionCost[], date: string): SessionCost {
  const rows = new Map<string, ModelCost>();
  for (const cost of costs) {
    for (const row of cost.by_model) {
      const into = rows.get(row.model);
      if (!into) {
        rows.set(row.model, { ...row, tokens: { ...row.tokens } });
        continue;
      }
      into.usd = into.usd === null || row.usd === null ? null : into.usd + row.usd;
      into.priced_as ??= row.priced_as;
      into.match ??= row.match;
      for (const key of Object.keys(into.tokens) as (keyof TokenTotals)[])
        into.tokens[key] += row.tokens[key];
    }
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      (b.usd ?? -1) - (a.usd ?? -1) || b.tokens.total - a.tokens.total || (a.model < b.model ? -1 : 1),
  );
  return summarize(sorted, date);
}
