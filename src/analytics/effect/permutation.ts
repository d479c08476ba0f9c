/**
 * A two-sided permutation test on sessions: if the change made no difference, which sessions fell before it
 * and which after would be arbitrary, so the observed difference is compared with the differences of every
 * other way (or, past `EXACT_LIMIT` ways, of `DRAWS` seeded random ways) to split the same sessions into
 * groups of the same sizes. Sessions are the unit: the commands of one session are not independent of each
 * other, so shuffling commands would overstate certainty.
 *
 * Each session gives a numerator and a denominator (failed commands and commands; or a turn count and 1), and
 * a side's figure is the sum of its numerators over the sum of its denominators.
 */

export interface Observation {
  numerator: number;
  denominator: number;
}

/** Splits enumerated in full up to this many; C(12, 6) = 924, C(14, 7) = 3,432, C(16, 8) = 12,870. */
const EXACT_LIMIT = 5_000;
const DRAWS = 5_000;
/** Differences this close to the observed one count as equal (sums of integers, divided). */
const TOLERANCE = 1e-12;

export function ratioOf(observations: Observation[]): number | null {
  let numerator = 0;
  let denominator = 0;
  for (const observation of observations) {
    numerator += observation.numerator;
    denominator += observation.denominator;
  }
  return denominator > 0 ? numerator / denominator : null;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/** mulberry32: a small PRNG, so the same sessions always give the same p-value (and the bench the same stores). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a of a text: the seed of a test, from the ids of the sessions it shuffles. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

interface Totals {
  numerator: number;
  denominator: number;
}

/**
 * The p-value of `after − before` (two-sided): the share of splits whose difference is at least as far from
 * zero as the observed one. Null when either side has no denominator (no commands at all, say).
 */
export function permutationPValue(before: Observation[], after: Observation[], seed: number): number | null {
  const pooled = [...before, ...after];
  const total: Totals = { numerator: 0, denominator: 0 };
  for (const o of pooled) {
    total.numerator += o.numerator;
    total.denominator += o.denominator;
  }
  const k = after.length;
  const difference = (group: Totals): number | null => {
    const rest = total.denominator - group.denominator;
    if (group.denominator <= 0 || rest <= 0) return null;
    return group.numerator / group.denominator - (total.numerator - group.numerator) / rest;
  };
  const observed = difference(sum(after));
  if (observed === null || k === 0 || k === pooled.length) return null;
  const extreme = (d: number | null) => d !== null && Math.abs(d) >= Math.abs(observed) - TOLERANCE;
  if (binomial(pooled.length, k) <= EXACT_LIMIT) {
    let hits = 0;
    let splits = 0;
    forEachSubset(pooled, k, (group) => {
      splits++;
      if (extreme(difference(group))) hits++;
    });
    return hits / splits;
  }
  const random = seededRandom(seed);
  const order = pooled.map((_, i) => i);
  let hits = 0;
  for (let draw = 0; draw < DRAWS; draw++) {
    // A partial Fisher–Yates shuffle: the first k places are a uniform random group of k.
    const group: Totals = { numerator: 0, denominator: 0 };
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (order.length - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
      const o = pooled[order[i]!]!;
      group.numerator += o.numerator;
      group.denominator += o.denominator;
    }
    if (extreme(difference(group))) hits++;
  }
  // The observed split is one of the possible ones: counted, so p is never 0 (Phipson & Smyth 2010).
  return (hits + 1) / (DRAWS + 1);
}

function sum(observations: Observation[]): Totals {
  const totals: Totals = { numerator: 0, denominator: 0 };
  for (const o of observations) {
    totals.numerator += o.numerator;
    totals.denominator += o.denominator;
  }
  return totals;
}

/** Calls `visit` with the totals of every group of `k` of `items`. */
function forEachSubset(items: Observation[], k: number, visit: (group: Totals) => void): void {
  const walk = (start: number, left: number, numerator: number, denominator: number): void => {
    if (left === 0) {
      visit({ numerator, denominator });
      return;
    }
    for (let i = start; i <= items.length - left; i++) {
      const o = items[i]!;
      walk(i + 1, left - 1, numerator + o.numerator, denominator + o.denominator);
    }
  };
  walk(0, k, 0, 0);
}

/**
 * Holm's step-down adjustment: several figures are tested per change, and with six tests at 5% one of them
 * would look "significant" by chance about a quarter of the time. Nulls stay null and are not counted.
 */
export function adjustHolm(pValues: (number | null)[]): (number | null)[] {
  const tested = pValues
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== null)
    .sort((a, b) => a.p - b.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  tested.forEach((entry, rank) => {
    running = Math.max(running, Math.min(1, (tested.length - rank) * entry.p));
    adjusted[entry.index] = running;
  });
  return adjusted;
}
