import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUNDED_ADDITION } from '../../../test/helpers/report/narrative-answers.js';
import { answerReportRequest, runCli, usageDirOf } from '../../../test/helpers/report/report-cli.js';
import { REPORT_SECTION_IDS } from '../../../test/helpers/report/report-sections.js';
import { OTEL_FIXTURES, setUpReport, WINDOW } from '../../../test/helpers/report/report-setup.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'report');
/** The fixture's failing-command session, renamed with markup. */
const HOSTILE_ID = '01a2011f-c751-7ec2-ad85-a4ab74c224db';
const HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(2)>';
/**
 * A report made by the whole pipeline on the fixture sessions (store → analytics → facets and narrative by the
 * real codex CLI against the project's model server → HTML), with real Codex telemetry, a session whose folder
 * is gone and a hostile thread name.
 */
async function writeReport(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const setup = await setUpReport({ goneProject: true });
  setup.reply = answerReportRequest;
  await writeFile(
    join(setup.home.dir, 'session_index.jsonl'),
    `${JSON.stringify({ id: HOSTILE_ID, thread_name: HOSTILE_TITLE, updated_at: '2026-11-22T03:00:00Z' })}\n`,
  );
  const run = await runCli(
    ['report', ...WINDOW, '--otel-dir', OTEL_FIXTURES, '--codex-bin', setup.home.codexBin],
    setup.env,
    setup.root,
  );
  expect(run.code, run.stderr).toBe(0);
  const file = join(ARTIFACTS, 'report.html');
  await mkdir(ARTIFACTS, { recursive: true });
  await cp(join(usageDirOf(setup.home.dir), 'report.html'), file);
  expect(await readFile(file, 'utf8')).toContain('What you wanted and how it went');
  return { url: pathToFileURL(file).href, cleanup: () => setup.close() };
}

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let url: string;
  let cleanup: (() => Promise<void>) | undefined;
  const blocked: string[] = [];
  const problems: string[] = [];
  let dialogs = 0;

  beforeAll(async () => {
    const report = await writeReport();
    url = report.url;
    cleanup = report.cleanup;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    await context.addInitScript(() => {
      const copied: string[] = [];
      (window as unknown as { __copied: string[] }).__copied = copied;
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: {
          writeText: (text: string) => {
            copied.push(text);
            return Promise.resolve();
          },
        },
      });
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', async (dialog) => {
      dialogs += 1;
      await dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await cleanup?.();
  });

  it('loads with no request leaving the page, no console error and no script from data', async () => {
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
    expect(dialogs).toBe(0);
    expect(await page.locator('#sessions').textContent()).toContain(HOSTILE_TITLE);
  });

  it('shows every section, the charts of facets and numbers, and the lines Codex changed', async () => {
    for (const id of REPORT_SECTION_IDS) expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
    expect(await page.locator('#charts svg').count()).toBeGreaterThanOrEqual(6);
    for (const chart of ['chart-goals', 'chart-outcomes', 'chart-session-types', 'chart-friction']) {
      expect(await page.locator(`#${chart} svg`).isVisible(), chart).toBe(true);
    }
    expect(await page.locator('#chart-friction').textContent()).toContain('failed command');
    expect(await page.locator('#chart-telemetry').textContent()).toContain('API requests');
    expect(await page.locator('#stats').textContent()).toMatch(/lines added \/ removed.*files changed/);
  });

  it('leads every evidence chip to the row of a session in the report', async () => {
    const chips = page.locator('a.chip');
    const count = await chips.count();
    expect(count).toBeGreaterThan(5);
    for (let i = 0; i < count; i++) {
      const target = (await chips.nth(i).getAttribute('href')) ?? '';
      expect(await page.locator(`tr[id="${target.slice(1)}"]`).count(), target).toBe(1);
    }
    await chips.first().click();
    expect(await page.evaluate(() => document.querySelector('tr:target')?.id)).toMatch(/^session-/);
    expect(await page.textContent('body')).not.toMatch(/Mock evidence/i);
  });

  it('copies a prompt, and all checked AGENTS.md suggestions', async () => {
    const prompt = page.locator('#prompting-help .copyable').first();
    await prompt.locator('button').click();
    expect(await prompt.locator('button').textContent()).toBe('Copied');
    const copied = () => page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);
    expect((await copied())[0]).toBe(await prompt.locator('pre').textContent());

    const boxes = page.locator('#agents-md input[type=checkbox]');
    expect(await boxes.count()).toBe(1);
    await page.locator('#agents-md button[data-copy="checked"]').click();
    expect((await copied()).at(-1)).toBe(GROUNDED_ADDITION);
    await boxes.first().uncheck();
    await page.locator('#agents-md button[data-copy="checked"]').click();
    expect(await page.locator('#agents-md button[data-copy="checked"]').textContent()).toBe(
      'Nothing checked',
    );
    await boxes.first().check();
  });

  it('prints without buttons or checkboxes, every section kept', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('button').first().isVisible()).toBe(false);
    expect(await page.locator('#agents-md input[type=checkbox]').first().isVisible()).toBe(false);
    for (const id of REPORT_SECTION_IDS) expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('fits a phone screen and renders in dark mode', async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'report-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    // Fonts differ between machines: the page must still fit when every glyph is wider than here.
    const wider = await page.addStyleTag({
      content: 'body { font-size: 18px !important; } * { letter-spacing: .1em !important; }',
    });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await wider.evaluate((element) => (element as HTMLStyleElement).remove());
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 23, 26)');
    await page.screenshot({ path: join(ARTIFACTS, 'report-phone-dark.png'), fullPage: true });
    expect(blocked).toEqual([]);
  });
});
