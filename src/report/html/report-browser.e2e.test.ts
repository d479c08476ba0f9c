import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFor, FIXTURE_SESSIONS_0169, runCli } from '../../../test/helpers/report/report-cli.js';
import { REPORT_SECTION_IDS } from '../../../test/helpers/report/report-sections.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'report');
/** The fixture's failing-command session, renamed with markup. */
const HOSTILE_ID = '01a2011f-c751-7ec2-ad85-a4ab74c224db';
const HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(2)>';
/**
 * A report made by the real pipeline on the fixture sessions (store → analytics → evidence → HTML), with
 * real Codex telemetry and a hostile thread name; only Codex's answer is written by the test.
 */
async function writeReport(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'codex-retro-browser-'));
  const codexHome = join(root, 'codex-home');
  await cp(FIXTURE_SESSIONS_0169, join(codexHome, 'sessions'), { recursive: true });
  await writeFile(
    join(codexHome, 'session_index.jsonl'),
    `${JSON.stringify({ id: HOSTILE_ID, thread_name: HOSTILE_TITLE, updated_at: '2026-11-22T03:00:00Z' })}\n`,
  );
  const env = {
    PATH: process.env.PATH,
    HOME: root,
    CODEX_HOME: codexHome,
    CODEX_RETRO_CACHE_DIR: join(root, 'cache'),
    CODEX_RETRO_STATE_DIR: join(root, 'state'),
  };
  const window = ['--since', '2026-11-22', '--until', '2026-11-22', '--user-name', 'Sam', '--no-open'];
  const otel = ['--otel-dir', join(ROOT, 'test', 'fixtures', 'otel')];
  const prepared = await runCli(['report', ...window, ...otel, '--prepare-only'], env, root);
  expect(prepared.code, prepared.stderr).toBe(0);
  const usage = join(codexHome, 'usage-data');
  const prompt = await readFile(join(usage, 'INSIGHT_PROMPT.md'), 'utf8');
  await writeFile(join(usage, 'insights.generated.json'), JSON.stringify(answerFor(prompt)));
  const rendered = await runCli(['report', '--render-only', '--no-open'], env, root);
  expect(rendered.code, rendered.stderr).toBe(0);
  const file = join(ARTIFACTS, 'report.html');
  await mkdir(ARTIFACTS, { recursive: true });
  await cp(join(usage, 'report.html'), file);
  return { url: pathToFileURL(file).href, cleanup: () => rm(root, { recursive: true, force: true }) };
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

  it('shows every section and the charts', async () => {
    for (const id of REPORT_SECTION_IDS) expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
    expect(await page.locator('#charts svg').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('#chart-telemetry').textContent()).toContain('API requests');
  });

  it('copies a prompt, and all checked AGENTS.md suggestions', async () => {
    const prompt = page.locator('#prompting-help .copyable').first();
    await prompt.locator('button').click();
    expect(await prompt.locator('button').textContent()).toBe('Copied');
    const copied = () => page.evaluate(() => (window as unknown as { __copied: string[] }).__copied);
    expect((await copied())[0]).toBe(await prompt.locator('pre').textContent());

    const boxes = page.locator('#agents-md input[type=checkbox]');
    await boxes.nth(1).uncheck();
    await page.locator('#agents-md button[data-copy="checked"]').click();
    const all = (await copied()).at(-1) ?? '';
    expect(all).toContain('Run `npm test` after every change');
    expect(all).not.toContain('Prefer small commits.');
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
