import { describe, expect, it } from 'vitest';
import { assistant, at, makeSession, user } from '../../test/helpers/analytics.js';
import { computeParallel } from './parallel.js';
import { prepareSession } from './prepare.js';

const span = (id: string, from: number, to: number) =>
  prepareSession(makeSession(id, [user(from), assistant(to)]));
const MINUTE = 60_000;

describe('computeParallel', () => {
  it('finds peak concurrency, parallel time and overlapping pairs', () => {
    // a: 0–60, b: 30–90, c: 45–50, d: 120–130
    const metrics = computeParallel([
      span('a', 0, 60),
      span('b', 30, 90),
      span('c', 45, 50),
      span('d', 120, 130),
    ]);
    expect(metrics.sessions_timed).toBe(4);
    expect(metrics.peak_concurrency).toBe(3);
    expect(metrics.peak_at).toBe(at(45));
    expect(metrics.active_ms).toBe(100 * MINUTE);
    expect(metrics.parallel_ms).toBe(30 * MINUTE);
    expect(metrics.parallel_share).toBe(0.3);
    expect(metrics.by_concurrency).toEqual([
      { sessions: 1, ms: 70 * MINUTE },
      { sessions: 2, ms: 25 * MINUTE },
      { sessions: 3, ms: 5 * MINUTE },
    ]);
    expect(metrics.overlapping_pairs_total).toBe(3);
    expect(metrics.overlapping_pairs).toEqual([
      { a: 'a', b: 'b', overlap_ms: 30 * MINUTE },
      { a: 'a', b: 'c', overlap_ms: 5 * MINUTE },
      { a: 'b', b: 'c', overlap_ms: 5 * MINUTE },
    ]);
  });

  it('does not count sessions that only touch as parallel', () => {
    const metrics = computeParallel([span('a', 0, 10), span('b', 10, 20)]);
    expect(metrics.peak_concurrency).toBe(1);
    expect(metrics.parallel_ms).toBe(0);
    expect(metrics.overlapping_pairs_total).toBe(0);
  });

  it('keeps at most 50 pairs but counts them all', () => {
    const sessions = Array.from({ length: 12 }, (_, i) => span(`s${String(i).padStart(2, '0')}`, i, 100 + i));
    const metrics = computeParallel(sessions);
    expect(metrics.peak_concurrency).toBe(12);
    expect(metrics.overlapping_pairs_total).toBe(66);
    expect(metrics.overlapping_pairs).toHaveLength(50);
    expect(metrics.overlapping_pairs[0]!.overlap_ms).toBeGreaterThanOrEqual(
      metrics.overlapping_pairs[49]!.overlap_ms,
    );
  });

  it('reports nothing active without timestamps', () => {
    const metrics = computeParallel([prepareSession(makeSession('x', [{ ...user(0), ts: null }]))]);
    expect(metrics).toMatchObject({
      sessions_timed: 0,
      peak_concurrency: 0,
      peak_at: null,
      parallel_share: 0,
    });
  });
});
