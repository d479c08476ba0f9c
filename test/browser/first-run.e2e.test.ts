import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, launchChromium, shoot, startServe } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROLLOUT =
  'test/fixtures/codex-sessions/0.169.0/sessions/2026/11/22/rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl';

/** What a new user sees: the samples on an empty Codex home, and an empty list that says why it is empty. */
describe('the web UI on a first run', () => {
  let browser: Browser;
  let temp: string;
  beforeAll(async () => {
    await ensureWebBuilt();
    browser = await launchChromium();
    temp = await mkdtemp(join(tmpdir(), 'ui-first-run-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  async function open(codexHome: string, name: string) {
    const env = {
      ...process.env,
      CODEX_RETRO_STATE_DIR: join(temp, name, 'state'),
      CODEX_RETRO_CACHE_DIR: join(temp, name, 'cache'),
    };
    const served = await startServe(
      ['--codex-home', codexHome, '--no-repo', '--codex-bin', '/nonexistent'],
      env,
    );
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(served.url);
    return { served, page };
  }

  it('shows the sample sessions shipped with codex-retro, labelled, when the Codex home is empty', async () => {
    const empty = join(temp, 'empty-home');
    await mkdir(empty, { recursive: true });
    const { served, page } = await open(empty, 'samples');
    try {
      const notice = page.getByTestId('sample-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(`No Codex sessions were found in ${empty}`);
      await page.locator('[role="option"]').first().waitFor();
      expect(await page.locator('.list-status').textContent()).toMatch(/^10 sessions/);
      expect(await page.getByText('No sessions match').count()).toBe(0);
      expect(await page.getByText('no repository (browsing only)').count()).toBe(1);
      await shoot(page, 'first-run-samples');
    } finally {
      await page.close();
      await served.stop();
    }
  });

  it('says the checkboxes hide the sessions, not that nothing matched, when no filter is set', async () => {
    const home = join(temp, 'archived-only');
    await mkdir(join(home, 'archived_sessions'), { recursive: true });
    await cp(join(ROOT, ROLLOUT), join(home, 'archived_sessions', ROLLOUT.split('/').at(-1)!));
    const { served, page } = await open(home, 'archived');
    try {
      const empty = page.getByRole('region', { name: 'Sessions' }).locator('.empty');
      await empty.waitFor();
      expect(await empty.textContent()).toBe(
        'The one session in this Codex home is hidden by the checkboxes above: it is archived or a run of codex-retro itself.',
      );
      expect(await page.getByTestId('sample-notice').count()).toBe(0);
      await page.getByRole('checkbox', { name: 'Include archived' }).check();
      await page.locator('[role="option"]').filter({ hasText: 'Do a long multi-step task' }).waitFor();
      await page.getByRole('searchbox', { name: 'Search sessions' }).fill('xylophone');
      await page.getByText('No sessions match. Try fewer words or a longer time range.').waitFor();
    } finally {
      await page.close();
      await served.stop();
    }
  });
});
