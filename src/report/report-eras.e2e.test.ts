import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { answerFor, reportByHand } from '../../test/helpers/report/report-cli.js';

const ERA = fileURLToPath(
  new URL(
    '../../test/fixtures/rollouts/eras/rollout-2025-05-10-5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10.json',
    import.meta.url,
  ),
);

describe('a report over a session whose messages have no timestamps (the TypeScript-era snapshot)', () => {
  const root = join(tmpdir(), `codex-retro-eras-${process.pid}`);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('counts the message in the card, says the time charts cannot show it, and says why there is nothing to copy', async () => {
    const home = join(root, 'codex-home');
    await mkdir(join(home, 'sessions/2025/05/10'), { recursive: true });
    await cp(
      ERA,
      join(home, 'sessions/2025/05/10', 'rollout-2025-05-10-5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10.json'),
    );
    const env = {
      PATH: process.env.PATH,
      HOME: root,
      CODEX_HOME: home,
      CODEX_RETRO_CACHE_DIR: join(root, 'cache'),
      CODEX_RETRO_STATE_DIR: join(root, 'state'),
    };
    const window = ['--since', '2025-05-01', '--until', '2025-05-30', '--otel-dir', join(root, 'otel')];
    const usage = await reportByHand(window, env, root, (prompt) => {
      // One session is thin evidence: the answer leaves the copyable lists empty and says why.
      const answer = answerFor(prompt);
      expect(answer.prompting_help.prompts).toEqual([]);
      return answer;
    });

    const page = await readFile(join(usage, 'report.html'), 'utf8');
    expect(page).toContain('<b>1</b><span>your messages</span>');
    const gap =
      'Shows 0 of 1 your messages: 1 have no timestamp, so no day or hour (they count in the card).';
    expect(page).toMatch(
      new RegExp(`id="chart-daily"[\\s\\S]*?<p class="gap">${gap.replace(/[()]/g, '\\$&')}</p>`),
    );
    expect(page).toMatch(
      new RegExp(`id="chart-hours"[\\s\\S]*?<p class="gap">${gap.replace(/[()]/g, '\\$&')}</p>`),
    );
    expect(page).toContain('No prompt to suggest: Too few sessions to see a pattern worth a prompt.');
    expect(page).toContain('No session has facets yet (--prepare-only does not run Codex): a full');
  });
});
