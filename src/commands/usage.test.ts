import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/store-home.js';
import shipped from '../pricing/litellm-prices.json' with { type: 'json' };

/** `usage daily|weekly|monthly`, `sessions list/show` costs and `pricing refresh`, through the built CLI. */
const FIXTURES = join(import.meta.dirname, '../../test/fixtures');
const HOME = join(FIXTURES, 'codex-homes/cost');
const SAMPLE = join(FIXTURES, 'pricing/litellm-sample.json');

interface Cost {
  usd: number | null;
  priced: boolean | 'partial';
  missing_models: string[];
  by_model: { model: string; priced_as: string | null; usd: number | null }[];
  pricing_date: string;
}
interface Period {
  period: string;
  sessions: number;
  tokens: { total: number };
  cost: Cost;
  projects: { project: string; sessions: number; cost: Cost }[];
}
interface Usage {
  time_zone: string;
  pricing: { date: string; url: string };
  periods: Period[];
  totals: Omit<Period, 'period'>;
}

const rate = (model: string, field: string): number =>
  (shipped.models as unknown as Record<string, Record<string, number>>)[model]?.[field] ?? Number.NaN;

describe('what sessions cost', () => {
  let root: string;
  const env = (tz: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    CODEX_HOME: HOME,
    CODEX_RETRO_CACHE_DIR: join(root, 'cache'),
    CODEX_RETRO_STATE_DIR: join(root, 'state'),
    TZ: tz,
    COLUMNS: '200',
    ...extra,
  });
  const usage = async (args: string[], tz = 'Europe/Berlin'): Promise<Usage> => {
    const run = await runCli(['usage', ...args, '--json'], env(tz));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as Usage;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'codex-retro-cost-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('prices each request of a session with the model of its turn, cached input at the cached rate', async () => {
    const run = await runCli(['sessions', 'list', '--json'], env('UTC'));
    expect(run.code).toBe(0);
    const sessions = JSON.parse(run.stdout) as { id: string; cost: Cost }[];
    const cost = sessions.find((s) => s.id === 'c0570000-0060-7000-8000-000000000001')?.cost;
    const price = (model: string, input: number, cached: number, output: number) =>
      (input - cached) * rate(model, 'input_cost_per_token') +
      cached * rate(model, 'cache_read_input_token_cost') +
      output * rate(model, 'output_cost_per_token');
    const big = price('gpt-5.5', 44_000, 28_000, 2_100);
    const mini = price('gpt-5.4-mini', 30_000, 25_000, 800);
    expect(cost?.priced).toBe(true);
    expect(cost?.by_model.map((m) => [m.model, m.usd])).toEqual([
      ['gpt-5.5', expect.closeTo(big, 10)],
      ['gpt-5.4-mini', expect.closeTo(mini, 10)],
    ]);
    expect(cost?.usd).toBeCloseTo(big + mini, 10);
    expect(cost?.pricing_date).toBe(shipped.source.date);
  });

  it('names the models it cannot price, and never counts them as free', async () => {
    const run = await runCli(['sessions', 'list', '--json'], env('UTC'));
    const sessions = JSON.parse(run.stdout) as { id: string; cost: Cost }[];
    const byId = new Map(sessions.map((s) => [s.id.slice(-1), s.cost]));
    expect(byId.get('2')).toMatchObject({ priced: 'partial', missing_models: ['mock-model'] });
    expect(byId.get('6')).toMatchObject({ usd: null, priced: false, missing_models: ['unknown'] });
    const table = await runCli(['sessions', 'list'], env('UTC'));
    expect(table.stdout).toMatch(/Try the local model on the parser.*\$0\.\d\d\+/);
    expect(table.stdout).toMatch(/Explain the Makefile.*\?\n/);
    const show = await runCli(['sessions', 'show', 'c0570000-0060-7000-8000-000000000002'], env('UTC'));
    expect(show.stdout).toMatch(
      / {2}cost {6}\$0\.\d\d\+ .*no price for model mock-model — prices of \d{4}-\d\d-\d\d/,
    );
  });

  it('sums the same requests by day, week and month: every total is the sum of the sessions it covers', async () => {
    const list = JSON.parse(
      (await runCli(['sessions', 'list', '--json', '--include-subagents'], env('UTC'))).stdout,
    ) as {
      cost: Cost;
    }[];
    const sessionsUsd = list.reduce((sum, s) => sum + (s.cost.usd ?? 0), 0);
    for (const granularity of ['daily', 'weekly', 'monthly']) {
      const report = await usage([granularity]);
      expect(report.totals.cost.usd).toBeCloseTo(sessionsUsd, 10);
      const periodsUsd = report.periods.reduce((sum, p) => sum + (p.cost.usd ?? 0), 0);
      expect(periodsUsd).toBeCloseTo(sessionsUsd, 10);
      expect(report.totals.sessions).toBe(list.length);
      expect(report.totals.cost.missing_models).toEqual(['mock-model', 'unknown']);
      expect(report.pricing.date).toBe(shipped.source.date);
    }
  });

  it('splits a session at midnight in the time zone it is shown in', async () => {
    // 18:20Z and 18:40Z on 29 November are either side of midnight in Kolkata (UTC+5:30);
    // 23:10Z on 30 November is 1 December in Berlin.
    const kolkata = await usage(['daily'], 'Asia/Kolkata');
    expect(kolkata.time_zone).toMatch(/^Asia\/(Kolkata|Calcutta)$/);
    const days = kolkata.periods.map((p) => p.period);
    expect(days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    const berlin = await usage(['daily']);
    expect(berlin.periods.map((p) => p.period)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-29',
      '2026-12-01',
      '2026-12-02',
    ]);
    const months = await usage(['monthly']);
    expect(months.periods.map((p) => [p.period, p.sessions])).toEqual([
      ['2026-11', 4],
      ['2026-12', 3],
    ]);
    const weeks = await usage(['weekly']);
    expect(weeks.periods.map((p) => p.period)).toEqual(['2026-11-23', '2026-11-30']);
  });

  it('keeps only the requests inside --since/--until, and only the sessions of --project', async () => {
    const one = await usage(['daily', '--since', '2026-11-24', '--until', '20261124']);
    expect(one.periods.map((p) => p.period)).toEqual(['2026-11-24']);
    expect(one.totals.cost.by_model.map((m) => m.model)).toEqual(['gpt-5.5']);
    const billing = await usage(['monthly', '--project', 'billing']);
    expect(billing.totals.projects.map((p) => p.project)).toEqual(['/home/dev/billing']);
    expect(billing.totals.sessions).toBe(3);
  });

  it('says in words what is not priced, and whose prices of which date the figures use', async () => {
    const run = await runCli(['usage', 'daily'], env('Europe/Berlin'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Total +6 .*\$\d+\.\d\d\+/m);
    expect(run.stdout).toContain(
      'Not priced: no price for model mock-model; no model is recorded for 7,090 tokens',
    );
    expect(run.stdout).toContain('Priced as the nearest listed model: gpt-5.5-mini as gpt-5.5.');
    expect(run.stdout).toContain(
      `Days in Europe/Berlin. USD at LiteLLM model_prices_and_context_window.json of ${shipped.source.date}`,
    );
  });

  it('pricing refresh replaces the prices from a saved list; a broken list changes nothing', async () => {
    const stateDir = join(root, 'refresh-state');
    const refreshEnv = env('UTC', { CODEX_RETRO_STATE_DIR: stateDir });
    const before = JSON.parse((await runCli(['usage', 'monthly', '--json'], refreshEnv)).stdout) as Usage;
    const broken = await runCli(
      ['pricing', 'refresh', '--from', join(FIXTURES, 'pricing/truncated.json')],
      refreshEnv,
    );
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/not JSON; the prices in use are unchanged/);
    const done = await runCli(['pricing', 'refresh', '--from', SAMPLE], refreshEnv);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Prices of \d+ models from .*litellm-sample\.json, dated \d{4}-\d\d-\d\d/);
    const after = JSON.parse((await runCli(['usage', 'monthly', '--json'], refreshEnv)).stdout) as Usage;
    expect(after.pricing.url).toBe(SAMPLE);
    // The sample lists gpt-5.5 at 1.2 times the shipped rates.
    const gpt = (u: Usage) => u.totals.cost.by_model.find((m) => m.model === 'gpt-5.5')?.usd ?? 0;
    expect(gpt(after)).toBeCloseTo(gpt(before) * 1.2, 8);
  });
});
