import { describe, expect, it } from 'vitest';
import { assistant, makeSession, turn, user } from '../../test/helpers/analytics.js';
import { classifyOriginator, computeOriginators } from './originators.js';
import { prepareSession } from './prepare.js';
import { computeModels, computeTokens } from './tokens.js';

const tokens = (input: number, cached: number, output: number, reasoning: number) => ({
  input,
  cached_input: cached,
  output,
  reasoning,
  total: input + output,
});

describe('computeTokens', () => {
  it('sums each session once, by model, with the cached share', () => {
    const sessions = [
      makeSession('a', [user(0)], { meta: { model: 'gpt-5.5', tokens: tokens(1000, 600, 200, 50) } }),
      makeSession('b', [user(0)], { meta: { model: 'gpt-5.5', tokens: tokens(500, 0, 100, 0) } }),
      makeSession('c', [user(0)], { meta: { model: 'o4-mini', tokens: tokens(3000, 1500, 10, 5) } }),
      makeSession('d', [user(0)], { meta: { model: 'gpt-5.5' } }),
    ].map(prepareSession);
    const metrics = computeTokens(sessions);
    expect(metrics).toMatchObject({
      input: 4500,
      cached_input: 2100,
      output: 310,
      reasoning: 55,
      total: 4810,
      sessions_with_usage: 3,
      cache_share: Math.round((2100 / 4500) * 10_000) / 10_000,
    });
    expect(metrics.by_model.map((m) => [m.name, m.sessions, m.total])).toEqual([
      ['o4-mini', 1, 3010],
      ['gpt-5.5', 2, 1800],
    ]);
  });

  it('costs what the sessions cost together, naming a model no session could price', () => {
    const sessions = [
      makeSession('a', [user(0)], { meta: { model: 'gpt-5.5', tokens: tokens(1000, 600, 200, 50) } }),
      makeSession('b', [user(0)], { meta: { model: 'gpt-5.5', tokens: tokens(500, 0, 100, 0) } }),
      makeSession('c', [user(0)], { meta: { model: 'mock-model', tokens: tokens(3000, 1500, 10, 5) } }),
    ];
    const { cost } = computeTokens(sessions.map(prepareSession));
    const [a, b] = sessions.map((s) => s.metadata.cost.usd ?? Number.NaN);
    expect(cost.usd).toBeCloseTo((a ?? 0) + (b ?? 0), 12);
    expect(cost).toMatchObject({ priced: 'partial', missing_models: ['mock-model'] });
    expect(cost.by_model.map((m) => [m.model, m.tokens.total])).toEqual([
      ['gpt-5.5', 1800],
      ['mock-model', 3010],
    ]);
  });
});

describe('computeModels', () => {
  it('counts sessions per model and own turns per model', () => {
    const sessions = [
      makeSession('a', [user(0), assistant(1)], {
        meta: { model: 'gpt-5.5', models: ['gpt-5.5', 'gpt-5.5-mini'] },
        turns: [
          turn(0, 1, { model: 'gpt-5.5' }),
          turn(2, 3, { model: 'gpt-5.5-mini' }),
          { ...turn(0, 1), inherited: true },
        ],
      }),
      makeSession('b', [user(0)], { meta: { model: 'gpt-5.5' }, turns: [turn(0, 1)] }),
    ].map(prepareSession);
    expect(computeModels(sessions)).toEqual([
      { name: 'gpt-5.5', sessions: 2, turns: 2 },
      { name: 'gpt-5.5-mini', sessions: 1, turns: 1 },
    ]);
  });
});

describe('originators', () => {
  it.each([
    ['codex_cli_rs', 'cli', 'cli'],
    ['codex_exec', 'exec', 'exec'],
    ['codex_vscode', 'vscode', 'ide'],
    ['Codex Desktop', null, 'desktop'],
    ['codex_sdk_ts', 'exec', 'exec'],
    ['codex_cli_rs', '{"subagent":"review"}', 'subagent'],
    ['something_new', null, 'other'],
    [null, null, 'unknown'],
  ] as const)('%s / %s → %s', (originator, source, kind) => {
    expect(classifyOriginator(originator, source)).toBe(kind);
  });

  it('counts sessions by kind and by raw originator', () => {
    const sessions = [
      makeSession('a', [user(0)], { meta: { originator: 'codex_exec', source: 'exec' } }),
      makeSession('b', [user(0)], { meta: { originator: 'codex_exec', source: 'exec' } }),
      makeSession('c', [user(0)], { meta: { originator: 'codex_cli_rs', source: 'cli' } }),
    ].map(prepareSession);
    expect(computeOriginators(sessions)).toEqual({
      by_kind: [
        { name: 'exec', count: 2 },
        { name: 'cli', count: 1 },
      ],
      by_originator: [
        { name: 'codex_exec', kind: 'exec', sessions: 2 },
        { name: 'codex_cli_rs', kind: 'cli', sessions: 1 },
      ],
    });
  });
});
