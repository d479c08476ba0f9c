import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiEnvironment, type UiEnvironment } from './harness.js';
import { writeRollout } from './rollouts.js';

/**
 * Insights cite transcript entries by number. In Chromium against the real server and codex CLI: a citation
 * of an entry the transcript does not have is never shown; one that exists is a link that opens the entry,
 * scrolled into view and marked, also when the address is opened anew; on a phone it switches to the
 * transcript.
 */
const LONG = '01a30000-0000-7000-8000-0000000000c3';
const CITED = 'Answer 180';

describe('insight evidence in Chromium', () => {
  let ui: UiEnvironment;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: (request) => {
        if (!request.hasSchema) return { kind: 'message', text: 'ok' };
        // The digest Codex gets tags each entry with its number, as a real model would read it.
        const line = Number(new RegExp(`\\[#(\\d+) assistant\\] ${CITED}\\b`).exec(request.userText)?.[1]);
        return {
          kind: 'json',
          value: {
            goal: 'Answer two hundred questions',
            outcome: { status: 'achieved', summary: 'All answered.' },
            what_worked: [
              {
                point: 'Short answers',
                evidence: [
                  { quote: CITED, entry: line },
                  { quote: 'made up', entry: -9007199254740991 },
                  { quote: 'past the end', entry: 99_999 },
                ],
              },
            ],
            friction: [],
            recommendations: [],
          },
        };
      },
      repoFiles: { 'AGENTS.md': '# Agents\n' },
      prepareHome: async (codexHome) => {
        await writeRollout(codexHome, {
          id: LONG,
          startedAt: new Date('2026-11-23T04:00:00Z'),
          cwd: '/home/dev/work/shop',
          items: (function* () {
            for (let i = 0; i < 200; i++) {
              yield { kind: 'user' as const, text: `Question ${i}` };
              yield { kind: 'assistant' as const, text: `Answer ${i}` };
            }
          })(),
        });
      },
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** The marked entry, once it is on screen inside the transcript's scroller. */
  async function markedEntry(page: Page) {
    const marked = page.locator('.entry-target > .entry');
    await marked.waitFor();
    await expect
      .poll(() =>
        marked.evaluate((element) => {
          const box = element.getBoundingClientRect();
          const scroller = element.closest('.vscroll')?.getBoundingClientRect();
          return scroller !== undefined && box.top >= scroller.top && box.bottom <= scroller.bottom;
        }),
      )
      .toBe(true);
    return marked;
  }

  let address = '';

  it('links only the entries the transcript has, and opens one scrolled into view and marked', async () => {
    const { page, context } = await ui.openPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${ui.served.base}/s/${LONG}`);
    await page.getByRole('button', { name: 'Run insights (fork)' }).click();
    const result = page.locator('.insight-result');
    await result.waitFor({ timeout: 60_000 });
    const links = result.locator('a.entry-link');
    expect(await links.count()).toBe(1);
    expect(await result.textContent()).not.toMatch(/-9007199254740991|99999/);
    expect(await result.locator('.evidence').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^${CITED} — entry #\\d+$`)),
      'made up',
      'past the end',
    ]);
    expect(await result.textContent()).toContain('Codex cited 2 entries this transcript does not have');

    expect(await page.getByText(CITED, { exact: true }).count()).toBe(1);
    await links.click();
    const marked = await markedEntry(page);
    expect(await marked.textContent()).toContain(CITED);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(CITED);
    address = page.url();
    expect(new URL(address).searchParams.get('entry')).toMatch(/^\d+$/);
    await context.close();
  });

  it('opens the same entry from its address, and says so when an address names no entry', async () => {
    const { page, context } = await ui.openPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(address);
    expect(await (await markedEntry(page)).textContent()).toContain(CITED);
    await page.goto(`${ui.served.base}/s/${LONG}?entry=99999`);
    await page.getByText('Entry #99999 is not in this transcript.').waitFor();
    expect(await page.locator('.entry-target').count()).toBe(0);
    await context.close();
  });

  it('switches to the transcript on a phone', async () => {
    const { page, context } = await ui.openPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
    await page.goto(`${ui.served.base}/s/${LONG}`);
    await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Actions' }).click();
    await page.locator('.pick-list .pick').first().click();
    await page.locator('a.entry-link').click();
    const marked = await markedEntry(page);
    expect(await marked.textContent()).toContain(CITED);
    expect(await page.getByRole('region', { name: 'Actions' }).isVisible()).toBe(false);
    await context.close();
  });

  it('logged no console errors', () => {
    expect(ui.errors).toEqual([]);
  });
});
