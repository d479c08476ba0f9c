import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvidence } from '../evidence.js';
import { loadTelemetry } from '../telemetry.js';
import { buildSampleMetrics } from '../testing/sample-evidence.js';
import { buildSampleInsights } from '../testing/sample-insights.js';
import { buildSession } from '../testing/sessions.js';
import { renderReportHtml } from './page.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'report');
const A = '01a20120-073d-7262-9942-d5f2c9b66274';
const B = '01a20120-0e64-7b11-813b-3780ba91a28b';
const SECTIONS = [
  'stats',
  'at-a-glance',
  'charts',
  'project-areas',
  'interaction-style',
  'what-works',
  'friction',
  'prompting-help',
  'agents-md',
  'features',
  'priority-fixes',
  'on-the-horizon',
  'changes',
  'coverage',
  'sessions',
  'fun-ending',
];

/** A report from the real pipeline pieces: a hostile session title, real telemetry, a previous run. */
async function writeReport(): Promise<string> {
  const sessions = [
    buildSession(
      A,
      [
        { content: 'fix the build' },
        {
          role: 'assistant',
          kind: 'tool_call',
          tool: { name: 'exec_command', call_id: 'c1', arguments: '{"cmd":"npm test"}' },
        },
        { role: 'tool', kind: 'tool_output', content: 'failed', tool: { call_id: 'c1', exit_code: 1 } },
      ],
      { title: '<script>alert("title")</script>' },
    ),
    buildSession(B, [{ content: 'explain this repo' }, { role: 'assistant', content: 'It is a CLI.' }]),
  ];
  const window = {
    since: '2026-11-15T00:00:00.000Z',
    until: '2026-11-22T23:59:59.999Z',
    days: 8,
    time_zone: 'UTC',
  };
  const telemetry = await loadTelemetry({
    dir: join(ROOT, 'test', 'fixtures', 'otel'),
    since: new Date(window.since),
    until: new Date(window.until),
  });
  const evidence = buildEvidence({
    generatedAt: new Date('2026-11-22T12:00:00Z'),
    userName: 'Sam',
    window,
    sessionsFound: 2,
    sessions,
    metrics: buildSampleMetrics(),
    guidance: [],
    telemetry,
    limitations: [],
  });
  const html = renderReportHtml({
    evidence,
    insights: buildSampleInsights([A, B]),
    changes: {
      previous_generated_at: '2026-11-15T12:00:00.000Z',
      previous_window: { since: '2026-11-08T00:00:00.000Z', until: '2026-11-15T00:00:00.000Z' },
      metrics: [{ key: 'tool_errors', label: 'Tool errors', before: 3, now: 1 }],
      new_projects: [],
      gone_projects: [],
    },
  });
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, 'report.html');
  await writeFile(file, html);
  return pathToFileURL(file).href;
}

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let url: string;
  const blocked: string[] = [];
  const problems: string[] = [];
  let dialogs = 0;

  beforeAll(async () => {
    url = await writeReport();
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
  });

  it('loads with no request leaving the page, no console error and no script from data', async () => {
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
    expect(dialogs).toBe(0);
    expect(await page.locator('#sessions').textContent()).toContain('<script>alert("title")</script>');
  });

  it('shows every section and the charts', async () => {
    for (const id of SECTIONS) expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
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

  it('fits a phone screen and renders in dark mode', async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'report-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 23, 26)');
    await page.screenshot({ path: join(ARTIFACTS, 'report-phone-dark.png'), fullPage: true });
    expect(blocked).toEqual([]);
  });
});
