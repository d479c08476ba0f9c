import { describe, expect, it } from 'vitest';
import { describeCost, formatBytes, formatCost, formatDuration, plural, projectName } from './format.js';

describe('display forms', () => {
  it('names a project by its last path segment', () => {
    expect(projectName('/home/jamie/src/codex-retro')).toBe('codex-retro');
    expect(projectName('C:\\work\\app\\')).toBe('app');
    expect(projectName(null)).toBe('no project');
  });

  it('writes sizes, durations and counts the way people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('');
    expect(plural(1, 'tool')).toBe('1 tool');
    expect(plural(3, 'tool')).toBe('3 tools');
  });
});

describe('costs', () => {
  const cost = (usd: number | null, priced: boolean | 'partial', models = 1) => ({
    usd,
    priced,
    reason: priced === true ? null : 'no price for model mock-model',
    pricing_date: '2026-12-03',
    by_model: Array.from({ length: models }, (_, i) => ({
      model: i === 0 ? 'gpt-5.5' : 'mock-model',
      usd: i === 0 ? usd : null,
      priced_as: i === 0 ? 'gpt-5.5' : null,
      match: i === 0 ? 'exact' : null,
    })),
  });

  it('shows dollars, never a priced-as-free $0.00, a floor when a model has no price, ? when none has', () => {
    expect(formatCost(cost(1.234, true))).toBe('$1.23');
    expect(formatCost(cost(0.001, true))).toBe('<$0.01');
    expect(formatCost(cost(0.5, 'partial', 2))).toBe('$0.50+');
    expect(formatCost(cost(null, false))).toBe('?');
    expect(formatCost(cost(0, true, 0))).toBe('-');
    expect(formatCost(undefined)).toBe('-');
  });

  it('says in the tooltip what each model cost, what has no price and the prices of which date', () => {
    expect(describeCost(cost(0.5, 'partial', 2))).toBe(
      'gpt-5.5: $0.50\nmock-model: no price\nno price for model mock-model\nPrices of 2026-12-03',
    );
  });
});
