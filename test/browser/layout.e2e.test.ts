import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../helpers/codex-home.js';
import { type GitRepo, makeGitRepo } from '../helpers/git-repo.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';
import {
  collectPageErrors,
  ensureWebBuilt,
  FIXTURE_SESSIONS,
  launchChromium,
  type Served,
  shoot,
  startServe,
} from './harness.js';
import { type RolloutItem, writeRollout } from './rollouts.js';

/** Huge transcripts, the keyboard inside a transcript, a phone-sized screen and dark mode, in Chromium. */
const HUGE = '01a30000-0000-7000-8000-0000000000b1';
const LONG_OUTPUT = '01a30000-0000-7000-8000-0000000000b2';
const STEPS = 33_333;

function* hugeSession(): Generator<RolloutItem> {
  yield { kind: 'user', text: 'Run every migration step and report.' };
  for (let i = 0; i < STEPS; i++) {
    yield {
      kind: 'shell',
      command: `./migrate --step ${i}`,
      output: `step ${i} done`,
      exitCode: i % 97 === 0 ? 1 : 0,
    };
    yield { kind: 'assistant', text: `Step **${i}** finished.` };
  }
}

describe('the web UI at scale and on small screens', () => {
  let model: ModelServer;
  let home: TempCodexHome;
  let repo: GitRepo;
  let temp: string;
  let served: Served;
  let browser: Browser;
  const errors: string[] = [];

  async function openPage(
    options: Parameters<Browser['newContext']>[0],
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const pageErrors = collectPageErrors(page);
    context.on('close', () => errors.push(...pageErrors));
    await page.goto(served.url);
    return { context, page };
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    model = await startModelServer(() => ({ kind: 'message', text: 'ok' }));
    home = await makeCodexHome({ modelServerUrl: model.url, copySessionsFrom: FIXTURE_SESSIONS });
    await writeRollout(home.dir, {
      id: HUGE,
      startedAt: new Date('2026-11-22T05:00:00Z'),
      cwd: '/home/dev/work/warehouse',
      items: hugeSession(),
    });
    await writeRollout(home.dir, {
      id: LONG_OUTPUT,
      startedAt: new Date('2026-11-22T04:00:00Z'),
      cwd: '/home/dev/work/shop',
      items: [
        { kind: 'user', text: 'Show me the whole build log.' },
        {
          kind: 'shell',
          command: 'cat build.log',
          output: Array.from({ length: 40 }, (_, i) => `build line ${i + 1}`).join('\n'),
          exitCode: 0,
        },
      ],
    });
    repo = makeGitRepo({ 'AGENTS.md': '# Agents\n' });
    temp = await mkdtemp(join(tmpdir(), 'ui-layout-'));
    served = await startServe(['--repo', repo.dir, '--codex-home', home.dir, '--codex-bin', home.codexBin], {
      ...home.env,
      CODEX_RETRO_STATE_DIR: join(temp, 'state'),
      CODEX_RETRO_CACHE_DIR: join(temp, 'cache'),
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await model?.close();
    await home?.cleanup();
    repo?.cleanup();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('keeps only the visible rows of a 100,000-entry session in the DOM and scrolls it smoothly', async () => {
    const { context, page } = await openPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.base}/s/${HUGE}`);
    const feed = page.getByRole('feed');
    await expect
      .poll(() => feed.getAttribute('aria-label'), { timeout: 60_000 })
      .toBe('Transcript, 100000 entries');
    await page.locator('[data-entry="0"][data-kind="message"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-entry]').count()).toBeLessThan(80);

    // Scroll through the first screens one frame at a time and time the frames.
    const frames = await page.evaluate(async () => {
      const scroller = document.querySelector('[data-testid="transcript"]') as HTMLElement;
      const times: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 90; i++) {
        scroller.scrollTop += 120;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return times.sort((a, b) => a - b);
    });
    const median = frames[Math.floor(frames.length / 2)] ?? Infinity;
    console.info(
      `transcript scroll: median frame ${median.toFixed(1)} ms, worst ${frames.at(-1)?.toFixed(1)} ms`,
    );
    expect(median).toBeLessThan(34);
    expect(await page.locator('[data-entry]').count()).toBeLessThan(80);

    // Jump to the end: the last page is fetched on its own and drawn, the rest stays out of the DOM.
    await page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="transcript"]') as HTMLElement;
      scroller.scrollTop = scroller.scrollHeight;
    });
    const last = page.locator('[data-entry="99999"][data-kind="message"]');
    await last.waitFor({ timeout: 60_000 });
    expect(await last.textContent()).toContain(`Step ${STEPS - 1} finished.`);
    // Measured rows are taller than estimated; the view still ends on the last entry.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const scroller = document.querySelector('[data-testid="transcript"]') as HTMLElement;
          const row = document.querySelector('[data-entry="99999"]') as HTMLElement;
          return Math.abs(scroller.getBoundingClientRect().bottom - row.getBoundingClientRect().bottom) < 40;
        }),
      )
      .toBe(true);
    expect(await page.locator('[data-entry]').count()).toBeLessThan(80);
    await shoot(page, '10-huge-session-end');
    await context.close();
  });

  it('folds long tool output and toggles it with o on the focused entry', async () => {
    const { context, page } = await openPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.base}/s/${LONG_OUTPUT}`);
    const output = page.locator('[data-kind="tool_output"]');
    await output.waitFor();
    expect(await output.textContent()).not.toContain('build line 40');
    expect(await output.getByRole('button').getAttribute('aria-expanded')).toBe('false');
    await output.focus();
    await page.keyboard.press('o');
    await expect.poll(() => output.textContent()).toContain('build line 40');
    expect(await output.getByRole('button').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('o');
    await expect.poll(() => output.textContent()).not.toContain('build line 40');
    await context.close();
  });

  it('stacks the panels behind a tab bar on a phone', async () => {
    const { context, page } = await openPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
    const tabs = page.getByRole('navigation', { name: 'Panels' });
    await tabs.waitFor();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    const transcript = page.getByRole('region', { name: 'Transcript' });
    const actions = page.getByRole('region', { name: 'Actions' });
    await page.locator('[role="option"]').first().waitFor();
    expect(await sessions.isVisible()).toBe(true);
    expect(await transcript.isVisible()).toBe(false);
    await shoot(page, '11-phone-sessions');

    await page.locator('[role="option"]').filter({ hasText: 'Show me the whole build log.' }).click();
    await page.waitForURL(`**/s/${LONG_OUTPUT}`);
    expect(await transcript.isVisible()).toBe(true);
    expect(await sessions.isVisible()).toBe(false);
    await page.locator('[data-kind="tool_output"]').waitFor();
    await shoot(page, '12-phone-transcript');

    await tabs.getByRole('button', { name: 'Actions' }).click();
    expect(await actions.isVisible()).toBe(true);
    expect(await page.getByRole('radio', { name: /Fork/ }).isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, '13-phone-actions');
    await context.close();
  });

  it('follows a dark system theme, and the toggle overrides it', async () => {
    const { context, page } = await openPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await page.goto(`${served.base}/s/${LONG_OUTPUT}`);
    await page.locator('[data-kind="tool_output"]').waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(19, 20, 22)');
    await shoot(page, '14-dark');
    await page.getByRole('button', { name: /^Theme: system/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await background()).toBe('rgb(247, 247, 245)');
    await page.reload();
    await page.locator('[data-kind="tool_output"]').waitFor();
    expect(await background()).toBe('rgb(247, 247, 245)');
    await context.close();
  });

  it('logged no console errors on any page', () => {
    expect(errors).toEqual([]);
  });
});
