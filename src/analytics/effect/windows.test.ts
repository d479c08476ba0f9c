import { describe, expect, it } from 'vitest';
import { assignWindows } from './windows.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const day = (n: number) => new Date(T0 + n * DAY).toISOString();
const session = (id: string, days: number) => ({ id, started_at: day(days) });
const options = { now: new Date(T0 + 100 * DAY), maxSessions: 30, maxDays: 30 };

describe('assignWindows', () => {
  it('puts each session on the side its start falls on; one that started at the change counts before', () => {
    const windows = assignWindows(
      [{ id: 'c', at: day(10) }],
      [session('a', 5), session('b', 10), session('d', 11), { id: 'undated', started_at: null }],
      options,
    );
    expect(windows.get('c')).toEqual({
      before: { session_ids: ['a', 'b'], from: day(-20), to: day(10), bound: 'history' },
      after: { session_ids: ['d'], from: day(10), to: day(40), bound: 'days' },
    });
  });

  it('ends each side at the neighbouring change, so a session is measured against the nearest changes only', () => {
    const windows = assignWindows(
      [
        { id: 'second', at: day(20) },
        { id: 'first', at: day(10) },
      ],
      [session('a', 5), session('b', 15), session('c', 25)],
      options,
    );
    expect(windows.get('first')?.before).toMatchObject({ session_ids: ['a'] });
    expect(windows.get('first')?.after).toMatchObject({ session_ids: ['b'], to: day(20), bound: 'change' });
    expect(windows.get('second')?.before).toMatchObject({
      session_ids: ['b'],
      from: day(10),
      bound: 'change',
    });
    expect(windows.get('second')?.after).toMatchObject({ session_ids: ['c'], bound: 'days' });
  });

  it('keeps the sessions nearest the change when a side holds more than the most it may', () => {
    const many = Array.from({ length: 8 }, (_, i) => session(`s${i}`, i + 1));
    const windows = assignWindows([{ id: 'c', at: day(4.5) }], many, { ...options, maxSessions: 3 });
    expect(windows.get('c')?.before).toMatchObject({
      session_ids: ['s1', 's2', 's3'],
      bound: 'sessions',
      from: day(2),
    });
    expect(windows.get('c')?.after).toMatchObject({
      session_ids: ['s4', 's5', 's6'],
      bound: 'sessions',
      to: day(7),
    });
  });

  it('reaches back and forward at most the days it may; a recent change is still filling', () => {
    const windows = assignWindows(
      [{ id: 'c', at: day(95) }],
      [session('old', 1), session('near', 80), session('after', 96)],
      options,
    );
    expect(windows.get('c')?.before).toEqual({
      session_ids: ['near'],
      from: day(65),
      to: day(95),
      bound: 'days',
    });
    expect(windows.get('c')?.after).toEqual({
      session_ids: ['after'],
      from: day(95),
      to: day(100),
      bound: 'now',
    });
  });

  it('passes over a change whose time cannot be read', () => {
    const windows = assignWindows([{ id: 'bad', at: 'yesterday' }], [session('a', 1)], options);
    expect(windows.size).toBe(0);
  });
});
