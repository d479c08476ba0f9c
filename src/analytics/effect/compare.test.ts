import { describe, expect, it } from 'vitest';
import { compareSides } from './compare.js';
import type { SessionSignals } from './session-signals.js';
import type { WindowSide } from './windows.js';

function signals(id: string, overrides: Partial<SessionSignals> = {}): SessionSignals {
  return {
    id,
    started_at: null,
    tool_calls: 10,
    tool_errors: 0,
    commands: 10,
    failed_commands: 0,
    retried_commands: 0,
    turns: 4,
    corrections: 0,
    corrections_by_kind: { interrupted: 0, declined: 0, said: 0 },
    tokens: 10_000,
    ...overrides,
  };
}

const window = (bound: WindowSide['bound']): WindowSide => ({
  session_ids: [],
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-10T00:00:00.000Z',
  bound,
});
const windows = { before: window('history'), after: window('now') };
const options = { minSessions: 5, verb: 'since applied' };

const struggling = (id: string) =>
  signals(id, {
    failed_commands: 3,
    tool_errors: 3,
    retried_commands: 1,
    corrections: 1,
    corrections_by_kind: { interrupted: 0, declined: 0, said: 1 },
  });
const smooth = (id: string) => signals(id, { failed_commands: 1, tool_errors: 1 });
const many = (make: (id: string) => SessionSignals, prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => make(`${prefix}${i}`));

describe('compareSides', () => {
  it('calls a clear drop in failed commands better, and says so in one line', () => {
    const effect = compareSides(windows, many(struggling, 'b', 6), many(smooth, 'a', 6), options);
    const failed = effect.metrics.find((m) => m.key === 'failed_command_rate')!;
    expect(failed.before).toEqual({ value: 0.3, numerator: 18, denominator: 60 });
    expect(failed.after).toEqual({ value: 0.1, numerator: 6, denominator: 60 });
    // 6 and 6 sessions, perfectly separated: 2 of C(12,6) = 924 splits, times 6 figures (Holm): 0.013.
    expect(failed.p_value).toBeCloseTo(2 / 924, 12);
    expect(failed.verdict).toBe('lower');
    expect(effect.verdict).toBe('improved');
    expect(effect.before.corrections_by_kind).toEqual({ interrupted: 0, declined: 0, said: 6 });
    expect(effect.summary).toBe(
      'since applied: 6 sessions (6 before), failed commands 30% → 10% (better, p = 0.013); 3 more clear differences',
    );
    // Identical turns and tokens on both sides: no difference to test.
    const turns = effect.metrics.find((m) => m.key === 'turns_per_session')!;
    expect(turns).toMatchObject({ difference: 0, verdict: 'unclear' });
  });

  it('claims nothing below the minimum on a side, yet gives the figures', () => {
    const effect = compareSides(windows, many(struggling, 'b', 12), many(smooth, 'a', 3), options);
    expect(effect.verdict).toBe('not_enough_sessions');
    expect(effect.metrics.every((m) => m.p_value === null && m.verdict !== 'lower')).toBe(true);
    expect(effect.metrics.find((m) => m.key === 'failed_command_rate')?.after.value).toBeCloseTo(0.1);
    expect(effect.summary).toBe(
      'since applied: 3 sessions — not enough sessions yet (5 needed before and after; 12 before)',
    );
  });

  it('does not call noise a change: mixed sessions on both sides', () => {
    const mixed = (prefix: string) => [
      struggling(`${prefix}1`),
      smooth(`${prefix}2`),
      struggling(`${prefix}3`),
      smooth(`${prefix}4`),
      smooth(`${prefix}5`),
      struggling(`${prefix}6`),
    ];
    const before = mixed('b');
    const after = mixed('a');
    after[0] = smooth('a1');
    const effect = compareSides(windows, before, after, options);
    expect(effect.verdict).toBe('no_clear_change');
    expect(effect.summary).toMatch(/^since applied: 6 sessions \(6 before\), no clear change: /);
  });

  it('says worse when the figures went up clearly', () => {
    const effect = compareSides(windows, many(smooth, 'b', 5), many(struggling, 'a', 5), options);
    expect(effect.verdict).toBe('worsened');
    expect(effect.summary).toContain('failed commands 10% → 30% (worse, p = 0.048)');
  });

  it('has no data where a side ran no commands', () => {
    const quiet = (id: string) => signals(id, { commands: 0, tool_calls: 0 });
    const effect = compareSides(windows, many(quiet, 'b', 5), many(smooth, 'a', 5), options);
    expect(effect.metrics.find((m) => m.key === 'failed_command_rate')).toMatchObject({
      verdict: 'no_data',
      difference: null,
      p_value: null,
    });
  });
});
