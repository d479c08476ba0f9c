import { describe, expect, it } from 'vitest';
import { shippedPriceTable } from './price-table.js';
import { resolveModel } from './resolve-model.js';

const prices = shippedPriceTable();
const resolved = (model: string) => {
  const found = resolveModel(prices, model);
  return found ? [found.key, found.match] : null;
};

describe('which price list entry prices a model', () => {
  it('takes the entry of the same name first, dated releases included', () => {
    expect(resolved('gpt-5-codex')).toEqual(['gpt-5-codex', 'exact']);
    expect(resolved('gpt-5-2025-08-07')).toEqual(['gpt-5-2025-08-07', 'exact']);
    expect(resolved('openrouter/openai/gpt-5-codex')).toEqual(['openrouter/openai/gpt-5-codex', 'exact']);
  });

  it('drops a provider prefix the list does not price apart', () => {
    expect(resolved('openai/gpt-5.1-codex')).toEqual(['gpt-5.1-codex', 'provider']);
    expect(resolved('azure/eu/gpt-5.4')).toEqual(['gpt-5.4', 'provider']);
  });

  it('drops a release date the list does not have', () => {
    expect(resolved('gpt-5.1-codex-2025-11-13')).toEqual(['gpt-5.1-codex', 'dated']);
    expect(resolved('o3-20250416')).toEqual(['o3', 'dated']);
  });

  it('maps the names Codex writes that the list spells otherwise', () => {
    const gpt5 = prices.models.get('gpt-5');
    const table = { ...prices, models: new Map([['gpt-5', gpt5 ?? {}]]) };
    expect(resolveModel(table, 'gpt-5-codex')).toMatchObject({ key: 'gpt-5', match: 'alias' });
  });

  it('takes the longest entry the name contains whole, as ccusage does, and says it is an approximation', () => {
    expect(resolved('gpt-5.5-mini')).toEqual(['gpt-5.5', 'similar']);
    expect(resolved('gpt-5.1-codex-max-xhigh')).toEqual(['gpt-5.1-codex-max', 'similar']);
    expect(resolved('GPT-5.4')).toEqual(['gpt-5.4', 'similar']);
  });

  it('never takes another version for a name: gpt-5 is not in gpt-5.7, gpt-5.5 not in gpt-5.55', () => {
    expect(resolved('gpt-5.7')).toBeNull();
    expect(resolved('gpt-5.55-codex')).toBeNull();
    expect(resolved('gpt-50')).toBeNull();
  });

  it('finds nothing for models the list lacks', () => {
    expect(resolved('mock-model')).toBeNull();
    expect(resolved('')).toBeNull();
    expect(resolved('claude-sonnet-4')).toBeNull();
  });
});
