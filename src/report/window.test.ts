import { describe, expect, it } from 'vitest';
import { resolveWindow } from './window.js';

const now = new Date('2026-11-22T12:00:00Z');

describe('resolveWindow', () => {
  it('counts back seven days from now by default, or --days N', () => {
    expect(resolveWindow({ now })).toEqual({ since: new Date('2026-11-15T12:00:00Z'), until: now, days: 7 });
    expect(resolveWindow({ now, days: '30' }).since).toEqual(new Date('2026-10-23T12:00:00Z'));
  });

  it('takes whole days for --since/--until dates, the until day included', () => {
    const window = resolveWindow({ now, since: '2026-11-22', until: '2026-11-22' });
    expect(window.since.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(window.until.toISOString()).toBe('2026-11-22T23:59:59.999Z');
    expect(window.days).toBe(1);
  });

  it('refuses nonsense with a message that shows the right form', () => {
    expect(() => resolveWindow({ now, days: 'seven' })).toThrow(/whole number/);
    expect(() => resolveWindow({ now, since: 'last week' })).toThrow(/YYYY-MM-DD/);
    expect(() => resolveWindow({ now, since: '2026-11-23', until: '2026-11-22' })).toThrow(/before --until/);
  });
});
