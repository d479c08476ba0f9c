import { formatNumber } from './charts.js';

/**
 * A chart that breaks down a card's number says so when its bars do not add up to that number, and why:
 * messages without a timestamp have no day or hour, a top-N list leaves the rest out, a session without
 * facets has no outcome. Null when the bars add up.
 */
export function describeGap(
  shown: number,
  total: number,
  what: string,
  known: { count: number; why: string }[] = [],
): string | null {
  if (shown === total) return null;
  if (shown > total) {
    return `This chart counts ${formatNumber(shown)} ${what}, the card above ${formatNumber(total)}.`;
  }
  const missing = total - shown;
  const parts = known.filter((k) => k.count > 0).map((k) => `${formatNumber(k.count)} ${k.why}`);
  const explained = known.reduce((sum, k) => sum + Math.max(0, k.count), 0);
  if (explained < missing) parts.push(`${formatNumber(missing - explained)} more are not drawn`);
  return `Shows ${formatNumber(shown)} of ${formatNumber(total)} ${what}: ${parts.join('; ')}.`;
}

export function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
