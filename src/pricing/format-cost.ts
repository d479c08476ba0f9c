import type { SessionCost } from './types.js';

/**
 * A cost as a person reads it: `$1.23`; `<$0.01` for less than a cent (never `$0.00`, which would read as free);
 * `$1.23+` when some models have no price, so the figure is a floor; `?` when nothing could be priced; `-` when
 * there were no tokens at all.
 */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.005) return '<$0.01';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatCost(cost: SessionCost): string {
  if (cost.by_model.length === 0) return '-';
  if (cost.usd === null) return '?';
  return `${formatUsd(cost.usd)}${cost.priced === 'partial' ? '+' : ''}`;
}

/** One line: the total, each model's part when there are several, what has no price, and the list's date. */
export function describeCost(cost: SessionCost): string {
  const parts = [formatCost(cost)];
  const priced = cost.by_model.filter((row) => row.usd !== null);
  if (cost.by_model.length > 1 && priced.length > 0)
    parts.push(`(${priced.map((row) => `${row.model} ${formatUsd(row.usd ?? 0)}`).join(', ')})`);
  const approximate = priced.filter((row) => row.match === 'similar');
  if (approximate.length > 0)
    parts.push(`[priced as ${approximate.map((row) => `${row.priced_as} for ${row.model}`).join(', ')}]`);
  if (cost.reason) parts.push(`— ${cost.reason}`);
  parts.push(`— prices of ${cost.pricing_date}`);
  return parts.join(' ');
}
