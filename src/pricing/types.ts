import type { TokenTotals } from '../sessions/types.js';

/** Where a price list came from, shown wherever a cost is. */
export interface PriceSource {
  name: string;
  /** The address or file it was read from. */
  url: string;
  /** The repository commit, when the address names one. */
  commit: string | null;
  /** `YYYY-MM-DD` the list was taken. */
  date: string;
  /** Which of its entries were kept. */
  selection?: string;
  /** SHA-256 of the list as read (a refreshed list). */
  sha256?: string;
}

/**
 * How a model name found its price list entry: `exact`; `provider` (a prefix such as `openai/` or `azure/`
 * dropped); `dated` (a release date at its end dropped); `alias` (a name Codex writes that the list spells
 * otherwise); `similar` (the longest entry the name starts with or contains whole, as ccusage matches: an
 * approximation, shown as such).
 */
export type PriceMatch = 'exact' | 'provider' | 'dated' | 'alias' | 'similar';

export interface ModelCost {
  /** As the rollout names it (`unknown` when it names none). */
  model: string;
  /** The price list entry used, or null when there is none. */
  priced_as: string | null;
  match: PriceMatch | null;
  /** Null when the model has no price. */
  usd: number | null;
  tokens: TokenTotals;
}

/** What a session (or a day, a project) cost at the price list's standard rates, or why that is not known. */
export interface SessionCost {
  /** The priced models' cost; null when no model with tokens could be priced. */
  usd: number | null;
  /** `partial`: some models have no price, and `usd` leaves them out. */
  priced: true | false | 'partial';
  /** Models with tokens and no price, by name. */
  missing_models: string[];
  /** Why the cost is partial or unknown, in a sentence; null when it is whole. */
  reason: string | null;
  by_model: ModelCost[];
  /** The date of the price list used. */
  pricing_date: string;
}
