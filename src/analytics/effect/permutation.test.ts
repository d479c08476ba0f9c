import { describe, expect, it } from 'vitest';
import { adjustHolm, type Observation, permutationPValue, ratioOf, seedFrom } from './permutation.js';

const sessions = (...values: [number, number][]): Observation[] =>
  values.map(([numerator, denominator]) => ({ numerator, denominator }));
const means = (...values: number[]) => sessions(...values.map((v): [number, number] => [v, 1]));

describe('permutationPValue', () => {
  it('is exact for small groups: five clearly separated sessions a side give 2/252', () => {
    // Of the C(10,5) = 252 ways to split ten sessions, only the observed one and its mirror are as extreme.
    const p = permutationPValue(means(10, 11, 12, 13, 14), means(1, 2, 3, 4, 5), 1);
    expect(p).toBeCloseTo(2 / 252, 12);
  });

  it('can never reach 5% with four sessions a side, however different they are', () => {
    const p = permutationPValue(means(100, 101, 102, 103), means(0, 1, 2, 3), 1);
    expect(p).toBeCloseTo(2 / 70, 12);
    // Holm over six figures: 6 × 2/70 ≈ 0.17.
    expect(adjustHolm([p, 0.5, 0.5, 0.5, 0.5, 0.5])[0]).toBeGreaterThan(0.05);
  });

  it('finds nothing where the two sides are alike', () => {
    const p = permutationPValue(means(3, 5, 4, 6, 5), means(4, 5, 6, 3, 5), 1);
    expect(p).toBeGreaterThan(0.5);
  });

  it('weighs sessions by their commands: a pooled rate, not a mean of rates', () => {
    const before = sessions([3, 10], [2, 10], [4, 10], [3, 10], [3, 10]);
    const after = sessions([1, 10], [0, 10], [1, 10], [0, 10], [1, 10]);
    expect(ratioOf(before)).toBeCloseTo(0.3);
    expect(ratioOf(after)).toBeCloseTo(0.06);
    expect(permutationPValue(before, after, 1)).toBeLessThan(0.01);
  });

  it('samples large groups with a seeded generator: the same sessions give the same p', () => {
    const before = means(...Array.from({ length: 30 }, (_, i) => 10 + (i % 7)));
    const after = means(...Array.from({ length: 30 }, (_, i) => 9 + (i % 7)));
    const first = permutationPValue(before, after, seedFrom('a,b,c'));
    expect(permutationPValue(before, after, seedFrom('a,b,c'))).toBe(first);
    expect(first).toBeGreaterThan(0.05);
    expect(first).toBeLessThan(1);
    // Never zero: the observed split is one of the draws.
    const separated = permutationPValue(means(...Array(30).fill(50)), means(...Array(30).fill(1)), 7);
    expect(separated).toBeCloseTo(1 / 5001, 10);
  });

  it('is null when a side has nothing to divide by', () => {
    expect(permutationPValue(sessions([0, 0], [0, 0]), sessions([1, 2]), 1)).toBeNull();
    expect(permutationPValue([], means(1, 2), 1)).toBeNull();
  });
});

describe('adjustHolm', () => {
  it('multiplies the smallest p by the number of tests, the next by one fewer, never decreasing', () => {
    expect(adjustHolm([0.01, 0.04, 0.03, null])).toEqual([0.03, 0.06, 0.06, null]);
    expect(adjustHolm([0.9, 0.8])).toEqual([1, 1]);
  });
});
