import { describe, expect, it } from 'vitest';
import { locateEntry } from './locate-entry.js';

function transcriptOf(lines: number[]) {
  let lookups = 0;
  const lineAt = async (index: number) => {
    lookups += 1;
    return lines[index] ?? null;
  };
  return { lineAt, lookups: () => lookups };
}

describe('locateEntry', () => {
  it('finds the first entry of a rollout line, including lines that hold several entries', async () => {
    const lines = [3, 4, 4, 4, 7, 9, 12, 12, 20];
    const { lineAt } = transcriptOf(lines);
    for (const [line, index] of [
      [3, 0],
      [4, 1],
      [7, 4],
      [12, 6],
      [20, 8],
    ] as const) {
      expect(await locateEntry(lines.length, lineAt, line)).toBe(index);
    }
  });

  it('finds nothing for a line no entry comes from', async () => {
    const lines = [3, 4, 7];
    const { lineAt } = transcriptOf(lines);
    for (const line of [1, 5, 8, 1_000_000]) expect(await locateEntry(lines.length, lineAt, line)).toBeNull();
    expect(await locateEntry(0, lineAt, 3)).toBeNull();
  });

  it('looks up a logarithmic number of entries in a long transcript', async () => {
    const lines = Array.from({ length: 1_000_000 }, (_, i) => i * 2 + 5);
    const { lineAt, lookups } = transcriptOf(lines);
    expect(await locateEntry(lines.length, lineAt, 1_234_567)).toBe(617_281);
    expect(lookups()).toBeLessThanOrEqual(21);
  });
});
