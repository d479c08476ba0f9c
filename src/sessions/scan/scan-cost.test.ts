import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TokenTotals } from '../types.js';
import { readSession, scanRollout } from './scan.js';

/** The pricing shapes of test/fixtures/codex-homes/cost: tokens by model and by quarter hour. */
const HOME = join(import.meta.dirname, '../../../test/fixtures/codex-homes/cost/sessions');
const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');

/** Every rollout under `dir`. */
function rollouts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /rollout-.*\.jsonl$/.test(name))
    .map((name) => join(dir, name))
    .sort();
}

function fileOf(id: string): string {
  for (const year of readdirSync(HOME))
    for (const month of readdirSync(join(HOME, year)))
      for (const day of readdirSync(join(HOME, year, month)))
        for (const name of readdirSync(join(HOME, year, month, day)))
          if (name.includes(id)) return join(HOME, year, month, day, name);
  throw new Error(`no fixture ${id}`);
}

function sum(rows: TokenTotals[]): TokenTotals {
  const total = { input: 0, cached_input: 0, output: 0, reasoning: 0, total: 0 };
  for (const row of rows)
    for (const key of Object.keys(total) as (keyof TokenTotals)[]) total[key] += row[key];
  return total;
}

const tokens = (input: number, cached_input: number, output: number, reasoning: number) => ({
  input,
  cached_input,
  output,
  reasoning,
  total: input + output,
});

describe('tokens by model and quarter hour', () => {
  it('files each request under the model of its turn when a session switches models', async () => {
    const { metadata } = await scanRollout(fileOf('c0570000-0060-7000-8000-000000000001'));
    expect(metadata.tokens_by_model).toEqual({
      'gpt-5.5': tokens(44_000, 28_000, 2_100, 700),
      'gpt-5.4-mini': tokens(30_000, 25_000, 800, 0),
    });
    expect(sum(Object.values(metadata.tokens_by_model))).toEqual(metadata.tokens);
    expect(metadata.usage_slots).toEqual({
      '2026-11-23T09:00': { 'gpt-5.5': tokens(44_000, 28_000, 2_100, 700) },
      '2026-11-23T09:15': { 'gpt-5.4-mini': tokens(30_000, 25_000, 800, 0) },
    });
  });

  it('keeps a request past 272k input tokens apart', async () => {
    const { metadata } = await scanRollout(fileOf('c0570000-0060-7000-8000-000000000003'));
    expect(metadata.tokens_by_model['gpt-5.5']?.above).toEqual({
      '272000': tokens(300_000, 100_000, 4_000, 1_000),
    });
  });

  it('files the tokens of a rollout that names no model under "unknown"', async () => {
    const { metadata } = await scanRollout(fileOf('c0570000-0034-4a00-8000-000000000006'));
    expect(metadata.model).toBe('unknown');
    expect(Object.keys(metadata.tokens_by_model)).toEqual(['unknown']);
  });

  it('gives the full read and the summary scan the same attribution, and a scan continued from a checkpoint too', async () => {
    const path = fileOf('c0570000-0060-7000-8000-000000000004');
    const whole = await scanRollout(path);
    const detail = await readSession(path);
    expect(detail.metadata.usage_slots).toEqual(whole.metadata.usage_slots);
    const first = await scanRollout(path, { maxBytes: 1500 });
    expect(first.checkpoint.offset).toBeLessThan(whole.checkpoint.offset);
    let next = first;
    while (next.checkpoint.offset < whole.checkpoint.offset)
      next = await scanRollout(path, { from: next.checkpoint, maxBytes: 1500 });
    expect(next.metadata.usage_slots).toEqual(whole.metadata.usage_slots);
    // The same for the session list's fast reading, continued as the index continues it.
    let fast = await scanRollout(path, { maxBytes: 1500, summary: true });
    expect(fast.checkpoint.offset).toBeLessThan(whole.checkpoint.offset);
    while (fast.checkpoint.offset < whole.checkpoint.offset)
      fast = await scanRollout(path, { from: fast.checkpoint, maxBytes: 1500, summary: true });
    expect(fast.metadata.usage_slots).toEqual(whole.metadata.usage_slots);
    expect(Object.keys(whole.metadata.usage_slots).sort()).toEqual([
      '2026-11-29T18:15',
      '2026-11-29T18:30',
      '2026-11-30T23:00',
    ]);
  });

  it.each([
    'codex-homes/cost',
    'codex-homes/shapes',
    'codex-sessions/0.40.0',
    'codex-sessions/0.169.0',
    'codex-sessions/0.171.0',
  ])('the session list’s fast reading files every request as the full read does (%s)', async (home) => {
    const files = rollouts(join(FIXTURES, home));
    expect(files.length).toBeGreaterThan(0);
    for (const path of files) {
      const [full, fast] = await Promise.all([scanRollout(path), scanRollout(path, { summary: true })]);
      expect(fast.metadata.usage_slots, path).toEqual(full.metadata.usage_slots);
      expect(fast.metadata.tokens_by_model, path).toEqual(full.metadata.tokens_by_model);
      expect(sum(Object.values(fast.metadata.tokens_by_model)), path).toEqual(fast.metadata.tokens);
    }
  });
});
