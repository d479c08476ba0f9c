import { describe, expect, it } from 'vitest';
import type { ModelTokens } from '../sessions/types.js';
import { createPricer, priceModelTokens } from './cost.js';
import { type PriceTable, shippedPriceTable } from './price-table.js';

const tokens = (input: number, cached_input: number, output: number, reasoning = 0): ModelTokens => ({
  input,
  cached_input,
  output,
  reasoning,
  total: input + output,
});

function table(models: Record<string, Record<string, number>>): PriceTable {
  return {
    source: { name: 'test', url: 'file:///prices.json', commit: null, date: '2026-12-01' },
    models: new Map(Object.entries(models)),
  };
}

const GPT = { input_cost_per_token: 2e-6, cache_read_input_token_cost: 2e-7, output_cost_per_token: 1e-5 };

describe('pricing tokens', () => {
  it('prices cached input at the cached rate and only the rest at the input rate', () => {
    // 1,000 fresh × $2/M + 9,000 cached × $0.20/M + 100 output × $10/M
    expect(priceModelTokens(GPT, tokens(10_000, 9_000, 100))).toBeCloseTo(0.002 + 0.0018 + 0.001, 12);
  });

  it('prices cached input at the input rate where the list gives no cached rate', () => {
    const entry = { input_cost_per_token: 2e-6, output_cost_per_token: 1e-5 };
    expect(priceModelTokens(entry, tokens(10_000, 9_000, 0))).toBeCloseTo(0.02, 12);
  });

  it('never counts reasoning twice: it is part of output, priced apart only where the list says so', () => {
    expect(priceModelTokens(GPT, tokens(0, 0, 1_000, 800))).toBeCloseTo(0.01, 12);
    const apart = { ...GPT, output_cost_per_reasoning_token: 2e-5 };
    expect(priceModelTokens(apart, tokens(0, 0, 1_000, 800))).toBeCloseTo(200 * 1e-5 + 800 * 2e-5, 12);
  });

  it('counts cached input above input (a damaged count) as no more than the input', () => {
    expect(priceModelTokens(GPT, tokens(1_000, 5_000, 0))).toBeCloseTo(1_000 * 2e-7, 12);
  });

  it('prices a request past a context size at the rates of the largest tier it passed', () => {
    const entry = {
      ...GPT,
      input_cost_per_token_above_272k_tokens: 4e-6,
      cache_read_input_token_cost_above_272k_tokens: 4e-7,
      output_cost_per_token_above_272k_tokens: 1.5e-5,
    };
    const large = tokens(300_000, 100_000, 1_000);
    const small = tokens(10_000, 0, 100);
    const both: ModelTokens = { ...tokens(310_000, 100_000, 1_100), above: { '272000': large } };
    const expected = 200_000 * 4e-6 + 100_000 * 4e-7 + 1_000 * 1.5e-5 + 10_000 * 2e-6 + 100 * 1e-5;
    expect(priceModelTokens(entry, both)).toBeCloseTo(expected, 10);
    // A request between 200k and 272k is below this entry's tier: base rates.
    const between: ModelTokens = { ...small, above: { '200000': small } };
    expect(priceModelTokens(entry, between)).toBeCloseTo(priceModelTokens(GPT, small), 12);
  });
});

describe('pricing a session', () => {
  const pricer = createPricer(
    table({ 'gpt-5.5': GPT, 'gpt-5.4-mini': { ...GPT, input_cost_per_token: 1e-6 } }),
  );

  it('prices each model with its own rates and adds them', () => {
    const cost = pricer.price({ 'gpt-5.5': tokens(1_000, 0, 0), 'gpt-5.4-mini': tokens(1_000, 0, 0) });
    expect(cost).toMatchObject({
      usd: 0.003,
      priced: true,
      missing_models: [],
      reason: null,
      pricing_date: '2026-12-01',
    });
    expect(cost.by_model.map((row) => [row.model, row.usd])).toEqual([
      ['gpt-5.5', 0.002],
      ['gpt-5.4-mini', 0.001],
    ]);
  });

  it('names a model without a price and leaves it out of a partial cost, never as zero', () => {
    const cost = pricer.price({ 'gpt-5.5': tokens(1_000, 0, 0), 'mock-model': tokens(50_000, 0, 10) });
    expect(cost).toMatchObject({
      usd: 0.002,
      priced: 'partial',
      missing_models: ['mock-model'],
      reason: 'no price for model mock-model',
    });
    expect(cost.by_model.find((row) => row.model === 'mock-model')).toMatchObject({
      usd: null,
      priced_as: null,
    });
  });

  it('has no cost at all when no model is priced, and says no model was recorded', () => {
    const cost = pricer.price({ unknown: tokens(7_000, 0, 90) });
    expect(cost).toMatchObject({ usd: null, priced: false, missing_models: ['unknown'] });
    expect(cost.reason).toBe('no model is recorded for 7,090 tokens (Codex 0.34 and older do not record it)');
  });

  it('costs nothing, priced, for a session without tokens', () => {
    expect(pricer.price({})).toMatchObject({ usd: 0, priced: true, by_model: [] });
    expect(pricer.price({ 'mock-model': tokens(0, 0, 0) })).toMatchObject({ usd: 0, priced: true });
  });

  it('prices the Codex models of the shipped list at their published rates', () => {
    const shipped = createPricer(shippedPriceTable());
    // gpt-5.5: $5/M input, $0.50/M cached, $30/M output (LiteLLM, 2026-12-03).
    expect(shipped.price({ 'gpt-5.5': tokens(1_000_000, 0, 0) }).usd).toBeCloseTo(5, 10);
    expect(shipped.price({ 'gpt-5.5': tokens(1_000_000, 1_000_000, 1_000_000) }).usd).toBeCloseTo(30.5, 10);
    expect(shipped.price({ 'gpt-5-codex': tokens(1_000_000, 0, 1_000_000) }).usd).toBeCloseTo(11.25, 10);
  });
});
