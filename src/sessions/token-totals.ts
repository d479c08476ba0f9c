import type { TokenTotals } from './types.js';

/** Token counts as every part of codex-retro adds them up: input (cached within), output (reasoning within), total. */

export function zeroTokens(): TokenTotals {
  return { input: 0, cached_input: 0, output: 0, reasoning: 0, total: 0 };
}

export function addTokens(into: TokenTotals, from: TokenTotals): void {
  into.input += from.input;
  into.cached_input += from.cached_input;
  into.output += from.output;
  into.reasoning += from.reasoning;
  into.total += from.total;
}
