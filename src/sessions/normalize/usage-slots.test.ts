import { describe, expect, it } from 'vitest';
import type { UsageSlots } from '../types.js';
import { addToSlot, slotOf, tokensByModel } from './usage-slots.js';

const request = (input: number, cached = 0, output = 10, reasoning = 0) => ({
  input,
  cached_input: cached,
  output,
  reasoning,
  total: input + output,
});

describe('usage slots', () => {
  it('files a time under its UTC quarter hour, and a missing or unreadable one under ""', () => {
    expect(slotOf('2026-11-29T18:44:59.999Z')).toBe('2026-11-29T18:30');
    expect(slotOf('2026-11-29T18:45:00.000Z')).toBe('2026-11-29T18:45');
    expect(slotOf('2026-11-30T05:10:00+05:30')).toBe('2026-11-29T23:30');
    expect(slotOf(null)).toBe('');
    expect(slotOf('yesterday')).toBe('');
  });

  it('keeps requests past a context size apart, each under the largest size it passed', () => {
    const slots: UsageSlots = {};
    addToSlot(slots, 's', 'gpt-5.5', request(100_000), 100_000);
    addToSlot(slots, 's', 'gpt-5.5', request(210_000), 210_000);
    addToSlot(slots, 's', 'gpt-5.5', request(300_000), 300_000);
    addToSlot(slots, 's', 'gpt-5.5', request(272_000), 272_000);
    // A growth of the running total may span several requests: its size says nothing.
    addToSlot(slots, 's', 'gpt-5.5', request(500_000), null);
    const row = slots.s?.['gpt-5.5'];
    expect(row?.input).toBe(1_382_000);
    expect(row?.above).toEqual({
      '200000': request(210_000),
      '256000': request(272_000),
      '272000': request(300_000),
    });
  });

  it('sums a session by model over its slots, large requests included', () => {
    const slots: UsageSlots = {};
    addToSlot(slots, 'a', 'gpt-5.5', request(300_000, 100), 300_000);
    addToSlot(slots, 'b', 'gpt-5.5', request(1_000, 500), 1_000);
    addToSlot(slots, 'b', 'mock-model', request(50), 50);
    expect(tokensByModel(slots)).toEqual({
      'gpt-5.5': { ...request(301_000, 600, 20), above: { '272000': request(300_000, 100) } },
      'mock-model': request(50),
    });
  });
});
