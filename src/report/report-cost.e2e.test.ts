import { cp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { reportByHand, runCli } from '../../test/helpers/report/report-cli.js';

const COST = fileURLToPath(new URL('../../test/fixtures/codex-homes/cost/sessions', import.meta.url));

describe('a report says what the sessions of its window cost', () => {
  const root = join(tmpdir(), `codex-retro-report-cost-${process.pid}`);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('shows the sessions’ costs summed, a floor when some model has no price, and names those models', async () => {
    const home = join(root, 'codex-home');
    await cp(COST, join(home, 'sessions'), { recursive: true });
    const env = {
      PATH: process.env.PATH,
      HOME: root,
      TZ: 'UTC',
      CODEX_HOME: home,
      CODEX_RETRO_CACHE_DIR: join(root, 'cache'),
      CODEX_RETRO_STATE_DIR: join(root, 'state'),
    };
    const window = ['--since', '2026-11-20', '--until', '2026-12-03', '--otel-dir', join(root, 'otel')];
    const usage = await reportByHand(window, env, root);

    const listed = await runCli(['sessions', 'list', '--json'], env, root);
    const sessions = JSON.parse(listed.stdout) as { cost: { usd: number | null } }[];
    const sum = sessions.reduce((total, s) => total + (s.cost.usd ?? 0), 0);
    const evidence = JSON.parse(await readFile(join(usage, 'insight-evidence.json'), 'utf8')) as {
      headline: { cost_usd: number; cost_unpriced: string[] };
    };
    expect(evidence.headline.cost_usd).toBeCloseTo(sum, 6);
    expect(evidence.headline.cost_unpriced).toEqual(['mock-model', 'unknown']);
    const page = await readFile(join(usage, 'report.html'), 'utf8');
    expect(page).toMatch(
      new RegExp(
        `<b>\\$${sum.toFixed(2)}\\+</b><span>USD at list prices of \\d{4}-\\d\\d-\\d\\d; no price for mock-model, unknown</span>`,
      ),
    );
  });
});
