import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiEnvironment, shoot, type UiEnvironment } from './harness.js';

/**
 * The actions panel offers only what Codex can do with the selected session, in Chromium against the real
 * server, the real codex CLI and the project's model server: Fork and Resume for a recent session, Fork alone
 * where Codex would refuse to resume, and for a session Codex cannot continue, the digest run and why.
 */
const CONTINUATION = fileURLToPath(new URL('../fixtures/rollouts/continuation', import.meta.url));
const OLD = '6e8a0c2e-4f6a-4b8c-9d0e-0000000000b2';
const OLD_FILE = `sessions/2025/08/21/rollout-2025-08-21T09-00-00-${OLD}.jsonl`;
/** Recorded with the openai provider; the test home runs Codex with mock. */
const OTHER_PROVIDER = '019a2b3c-4d5e-7f60-8a1b-0000000000c4';
const OTHER_PROVIDER_FILE = `sessions/2025/11/20/rollout-2025-11-20T16-00-00-${OTHER_PROVIDER}.jsonl`;
/** A real 0.169 session recorded with mock. */
const RECENT = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const INSIGHT = {
  goal: 'Find out why the deploy fails',
  outcome: { status: 'partly_achieved', summary: 'The registry refused the push.' },
  what_worked: [],
  friction: [],
  recommendations: [],
};

async function place(codexHome: string, relative: string): Promise<void> {
  const target = join(codexHome, relative);
  await mkdir(join(target, '..'), { recursive: true });
  await copyFile(join(CONTINUATION, relative.split('/').at(-1)!), target);
}

describe('the run modes the UI offers', () => {
  let ui: UiEnvironment;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: (request) =>
        request.hasSchema ? { kind: 'json', value: INSIGHT } : { kind: 'message', text: 'ok' },
      repoFiles: { 'AGENTS.md': '# Agents\n' },
      prepareHome: async (codexHome) => {
        await place(codexHome, OLD_FILE);
        await place(codexHome, OTHER_PROVIDER_FILE);
      },
    });
    ({ page } = await ui.openPage({ viewport: { width: 1280, height: 800 } }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const choice = () => page.locator('.actions-panel .mode-choice');

  it('a session Codex cannot continue: no Fork or Resume, the digest run and why', async () => {
    await page.goto(`${ui.served.base}/s/${OLD}`);
    await expect.poll(() => choice().getAttribute('data-mode')).toBe('digest');
    expect(await page.getByRole('radio', { name: /Fork/ }).count()).toBe(0);
    expect(await page.getByRole('radio', { name: /Resume/ }).count()).toBe(0);
    const digest = page.getByRole('radio', { name: /Digest/ });
    expect(await digest.isChecked()).toBe(true);
    const note = await choice().getByRole('note').textContent();
    expect(note).toContain('Codex cannot continue this session: it was written by Codex before 0.34');
    expect(note).toContain('read a digest of it instead');
    await shoot(page, 'digest-01-choice');

    const original = await readFile(join(ui.home.dir, OLD_FILE));
    await expect
      .poll(() => page.getByLabel('Insights prompt').inputValue())
      .toContain('Look back at this Codex session');
    await page.getByRole('button', { name: 'Run insights (digest)' }).click();
    const result = page.locator('.insight-result');
    await result.waitFor({ timeout: 60_000 });
    await expect.poll(() => result.textContent()).toContain(INSIGHT.goal);
    expect(await result.textContent()).toContain('digest run');
    expect(await readFile(join(ui.home.dir, OLD_FILE))).toEqual(original);
    const request = ui.model.requests.find((r) => r.hasSchema);
    expect(request?.userText).toContain(`Session ${OLD}`);
    expect(await page.getByRole('button', { name: 'Generate diff (digest)' }).isVisible()).toBe(true);
    await shoot(page, 'digest-02-result');
  });

  it('a session Codex would not resume under this config: Fork only, and why not Resume', async () => {
    await page.goto(`${ui.served.base}/s/${OTHER_PROVIDER}`);
    const fork = page.getByRole('radio', { name: /Fork/ });
    await fork.waitFor();
    expect(await fork.isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /Resume/ }).count()).toBe(0);
    expect(await choice().getByRole('note').textContent()).toContain(
      'Resume is not offered: it was recorded with model provider "openai" and Codex is configured for "mock" now',
    );
    expect(await page.getByRole('button', { name: 'Run insights (fork)' }).isVisible()).toBe(true);
  });

  it('a session Codex can continue: Fork (default) and Resume, no digest notice', async () => {
    await page.goto(`${ui.served.base}/s/${RECENT}`);
    const resume = page.getByRole('radio', { name: /Resume/ });
    await resume.waitFor();
    expect(await page.getByRole('radio', { name: /Fork/ }).isChecked()).toBe(true);
    expect(await choice().getByRole('note').count()).toBe(0);
    await resume.check();
    expect(await page.getByRole('button', { name: 'Run insights (resume)' }).isVisible()).toBe(true);
    expect(ui.errors).toEqual([]);
  });
});
