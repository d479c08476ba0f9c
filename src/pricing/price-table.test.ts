import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import shipped from './litellm-prices.json' with { type: 'json' };
import { loadPriceTable, parsePriceTable, selectCodexPrices, shippedPriceTable } from './price-table.js';

describe('the shipped price list', () => {
  it('says where it came from and when', () => {
    const { source } = shippedPriceTable();
    expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(source.url).toContain(source.commit);
    expect(source.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('is exactly what the selection rule keeps of itself: every entry a Codex model with rates', () => {
    expect(selectCodexPrices(shipped.models)).toEqual(shipped.models);
    expect(Object.keys(shipped.models)).toEqual(
      expect.arrayContaining([
        'gpt-5',
        'gpt-5-codex',
        'gpt-5.5',
        'gpt-5.4-mini',
        'o3',
        'o4-mini',
        'codex-mini-latest',
        'gpt-4.1',
        'gpt-4o',
      ]),
    );
  });
});

describe('selecting the Codex prices of a full LiteLLM list', () => {
  it('keeps the families Codex runs, bare and under openrouter/openai/, and only their rates', async () => {
    const { default: sample } = await import('../../test/fixtures/pricing/litellm-sample.json', {
      with: { type: 'json' },
    });
    const selected = selectCodexPrices(sample as Record<string, unknown>);
    expect(Object.keys(selected)).toEqual([
      'gpt-5-codex',
      'gpt-5.5',
      'gpt-5.7-codex',
      'openrouter/openai/gpt-5',
    ]);
    expect(selected['gpt-5.5']).toEqual({
      cache_read_input_token_cost: 6e-7,
      cache_read_input_token_cost_above_272k_tokens: 1.2e-6,
      input_cost_per_token: 6e-6,
      input_cost_per_token_above_272k_tokens: 1.2e-5,
      litellm_provider: 'openai',
      max_input_tokens: 1050000,
      mode: 'chat',
      output_cost_per_token: 3.6e-5,
      output_cost_per_token_above_272k_tokens: 5.4e-5,
    });
  });
});

describe('loading the price list in use', () => {
  const dir = tempDirEach('pricing-');

  it('uses the shipped list when nothing was refreshed', () => {
    expect(loadPriceTable(dir())).toEqual({ table: shippedPriceTable(), problem: null });
  });

  it('uses a refreshed list from the state folder', () => {
    const text = JSON.stringify({
      source: { name: 'LiteLLM', url: 'file:///x.json', commit: null, date: '2026-12-24' },
      models: { 'gpt-5.5': { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } },
    });
    writeFileSync(join(dir(), 'pricing.json'), text);
    const { table, problem } = loadPriceTable(dir());
    expect(problem).toBeNull();
    expect(table.source.date).toBe('2026-12-24');
    expect([...table.models.keys()]).toEqual(['gpt-5.5']);
  });

  it.each([
    ['not JSON', '{"source":'],
    ['no source', JSON.stringify({ models: {} })],
    [
      'a bad date',
      JSON.stringify({ source: { name: 'x', url: 'y', commit: null, date: 'soon' }, models: {} }),
    ],
    [
      'no rates',
      JSON.stringify({
        source: { name: 'x', url: 'y', commit: null, date: '2026-12-24' },
        models: { 'gpt-5.5': { input_cost_per_token: -1, output_cost_per_token: 1 } },
      }),
    ],
  ])('passes over a refreshed list with %s, says so, and uses the shipped one', (_, text) => {
    writeFileSync(join(dir(), 'pricing.json'), text);
    const { table, problem } = loadPriceTable(dir());
    expect(table).toEqual(shippedPriceTable());
    expect(problem).toMatch(/pricing\.json is not a usable price list .*shipped prices are used/);
  });

  it('refuses a list without a source, as parsePriceTable is the one check', () => {
    expect(() => parsePriceTable('{}')).toThrow('source: expected an object');
  });

  it('says which field of a list is wrong', () => {
    const source = { name: 'n', url: 'u', commit: null, date: '2026-12-03' };
    const models = { 'gpt-5': { input_cost_per_token: 1e-6, output_cost_per_token: 1e-5 } };
    const list = (patch: Record<string, unknown>) => JSON.stringify({ source, models, ...patch });
    expect(parsePriceTable(list({})).source).toEqual(source);
    expect(() => parsePriceTable(list({ source: { ...source, date: '3 Dec' } }))).toThrow('source.date');
    expect(() => parsePriceTable(list({ source: { ...source, commit: 7 } }))).toThrow('source.commit');
    expect(() => parsePriceTable(list({ source: { ...source, name: '' } }))).toThrow('source.name');
    expect(() => parsePriceTable(list({ source: { ...source, sha256: 5 } }))).toThrow('source.sha256');
    expect(() => parsePriceTable(list({ models: [] }))).toThrow('models: expected an object');
    expect(() => parsePriceTable(list({ models: { x: { input_cost_per_token: 1 } } }))).toThrow(
      'prices no model',
    );
    expect(() => parsePriceTable('[]')).toThrow('the list: expected an object');
  });
});
