import type { CountRow, DurationStats, HistogramBucket } from './types.js';

/** Small counting helpers shared by the metric files; all results are plain, sorted data. */

export class Counter {
  private readonly counts = new Map<string, number>();

  add(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Largest first, ties by name, so output never depends on input order. */
  rows(): CountRow[] {
    return sortRows([...this.counts].map(([name, count]) => ({ name, count })));
  }
}

function sortRows<T extends { name: string; count: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.count - a.count || compareText(a.name, b.name));
}

/** Code-unit order: stable across machines and locales, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function percentile(sorted: number[], p: number): number {
  // Nearest-rank: always a value that occurred.
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

export function summarizeDurations(values: number[]): DurationStats {
  const valid = values.filter((v) => Number.isFinite(v) && v >= 0).sort((a, b) => a - b);
  if (valid.length === 0) {
    return { count: 0, total_ms: 0, mean_ms: null, median_ms: null, p90_ms: null, max_ms: null };
  }
  const total = valid.reduce((sum, v) => sum + v, 0);
  return {
    count: valid.length,
    total_ms: total,
    mean_ms: Math.round(total / valid.length),
    median_ms: percentile(valid, 0.5),
    p90_ms: percentile(valid, 0.9),
    max_ms: valid[valid.length - 1]!,
  };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Edges in ms; the last bucket is open-ended. */
export const REPLY_GAP_EDGES = [10 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR];
export const TURN_DURATION_EDGES = [
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  HOUR,
];
export const SESSION_DURATION_EDGES = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR];

function formatEdge(ms: number): string {
  if (ms >= HOUR && ms % HOUR === 0) return `${ms / HOUR}h`;
  if (ms >= MINUTE && ms % MINUTE === 0) return `${ms / MINUTE}m`;
  return `${ms / SECOND}s`;
}

function labelBucket(min: number, max: number | null): string {
  if (min === 0 && max !== null) return `<${formatEdge(max)}`;
  if (max === null) return `>${formatEdge(min)}`;
  return `${formatEdge(min)}–${formatEdge(max)}`;
}

export function buildHistogram(values: number[], edges: number[]): HistogramBucket[] {
  const bounds = [0, ...edges];
  const buckets: HistogramBucket[] = bounds.map((min, i) => {
    const max = edges[i] ?? null;
    return { label: labelBucket(min, max), min_ms: min, max_ms: max, count: 0 };
  });
  for (const value of values) {
    if (!Number.isFinite(value) || value < 0) continue;
    let i = edges.findIndex((edge) => value < edge);
    if (i < 0) i = edges.length;
    buckets[i]!.count++;
  }
  return buckets;
}

export function parseTime(ts: string | null | undefined): number | null {
  if (!ts) return null;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : null;
}

export function share(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}
