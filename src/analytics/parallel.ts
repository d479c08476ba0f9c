import type { AnalyzedSession } from './prepare.js';
import { compareText, share } from './stats.js';
import type { OverlapPair, ParallelMetrics } from './types.js';

const MAX_PAIRS = 50;
const PAIR_BUFFER = 5000;

interface Interval {
  id: string;
  start: number;
  end: number;
}

/**
 * Parallel Codex use by a sweep over session intervals (first to last own timestamp): the peak number
 * of sessions open at once, time at each level, and which sessions overlapped. A session that ends
 * exactly when another starts does not overlap it.
 */
export function computeParallel(sessions: AnalyzedSession[]): ParallelMetrics {
  const intervals: Interval[] = [];
  for (const s of sessions) {
    if (s.start !== null && s.end !== null) intervals.push({ id: s.id, start: s.start, end: s.end });
  }
  // Ends sort before starts at the same instant, so touching sessions never count as concurrent;
  // an instantaneous session (one timestamp) is open for no time and overlaps nothing.
  const events = intervals
    .filter((iv) => iv.end > iv.start)
    .flatMap((iv) => [
      { at: iv.start, delta: 1 },
      { at: iv.end, delta: -1 },
    ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);

  const byLevel = new Map<number, number>();
  let open = 0;
  let peak = intervals.length > 0 ? 1 : 0;
  let peakAt: number | null = intervals.reduce<number | null>(
    (min, iv) => (min === null || iv.start < min ? iv.start : min),
    null,
  );
  let previous = 0;
  for (const event of events) {
    if (open > 0 && event.at > previous) byLevel.set(open, (byLevel.get(open) ?? 0) + (event.at - previous));
    previous = event.at;
    open += event.delta;
    if (open > peak) {
      peak = open;
      peakAt = event.at;
    }
  }
  let active = 0;
  let parallel = 0;
  for (const [level, ms] of byLevel) {
    active += ms;
    if (level >= 2) parallel += ms;
  }
  const overlaps = findOverlaps(intervals);
  return {
    sessions_timed: intervals.length,
    peak_concurrency: peak,
    peak_at: peakAt === null ? null : new Date(peakAt).toISOString(),
    active_ms: active,
    parallel_ms: parallel,
    parallel_share: share(parallel, active),
    by_concurrency: [...byLevel].sort(([a], [b]) => a - b).map(([level, ms]) => ({ sessions: level, ms })),
    overlapping_pairs_total: overlaps.total,
    overlapping_pairs: overlaps.pairs,
  };
}

/** Counts every overlapping pair and keeps the longest; sorted by start so each scan stops early. */
function findOverlaps(intervals: Interval[]): { total: number; pairs: OverlapPair[] } {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || compareText(a.id, b.id));
  const pairs: OverlapPair[] = [];
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.start < a.end; j++) {
      const b = sorted[j]!;
      const overlap = Math.min(a.end, b.end) - b.start;
      if (overlap <= 0) continue;
      const [first, second] = compareText(a.id, b.id) <= 0 ? [a.id, b.id] : [b.id, a.id];
      pairs.push({ a: first, b: second, overlap_ms: overlap });
      total++;
      // Bounded memory however many sessions overlap: keep only the longest.
      if (pairs.length >= PAIR_BUFFER) keepLongest(pairs);
    }
  }
  keepLongest(pairs);
  return { total, pairs };
}

function keepLongest(pairs: OverlapPair[]): void {
  pairs.sort((x, y) => y.overlap_ms - x.overlap_ms || compareText(x.a, y.a) || compareText(x.b, y.b));
  pairs.length = Math.min(pairs.length, MAX_PAIRS);
}
