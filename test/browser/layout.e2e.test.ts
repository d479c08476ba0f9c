import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiEnvironment, shoot, type UiEnvironment } from './harness.js';
import { writeRollout } from './rollouts.js';

/** The keyboard inside a transcript, a phone-sized screen and dark mode, in Chromium. */
const LONG_OUTPUT = '01a30000-0000-7000-8000-0000000000b2';

/** No sideways scrolling on a 390 px phone, even when the machine's fonts are wider than this one's. */
async function expectFitsPhone(page: Page): Promise<void> {
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  expect(await width()).toBeLessThanOrEqual(390);
  const wider = await page.addStyleTag({ content: '* { letter-spacing: .1em !important; }' });
  expect(await width()).toBeLessThanOrEqual(390);
  await wider.evaluate((element) => (element as HTMLStyleElement).remove());
}

describe('the web UI on small screens, in the dark and from the keyboard', () => {
  let ui: UiEnvironment;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: () => ({ kind: 'message', text: 'ok' }),
      repoFiles: { 'AGENTS.md': '# Agents\n' },
      prepareHome: async (codexHome) => {
        await writeRollout(codexHome, {
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
      },
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('folds long tool output and toggles it with o on the focused entry', async () => {
    const { context, page } = await ui.openPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ui.served.base}/s/${LONG_OUTPUT}`);
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
    const { context, page } = await ui.openPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
    const tabs = page.getByRole('navigation', { name: 'Panels' });
    await tabs.waitFor();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    const transcript = page.getByRole('region', { name: 'Transcript' });
    const actions = page.getByRole('region', { name: 'Actions' });
    await page.locator('[role="option"]').first().waitFor();
    expect(await sessions.isVisible()).toBe(true);
    expect(await transcript.isVisible()).toBe(false);
    await expectFitsPhone(page);
    await shoot(page, '11-phone-sessions');

    await page.locator('[role="option"]').filter({ hasText: 'Show me the whole build log.' }).click();
    await page.waitForURL(`**/s/${LONG_OUTPUT}`);
    expect(await transcript.isVisible()).toBe(true);
    expect(await sessions.isVisible()).toBe(false);
    await page.locator('[data-kind="tool_output"]').waitFor();
    await expectFitsPhone(page);
    await shoot(page, '12-phone-transcript');

    await tabs.getByRole('button', { name: 'Actions' }).click();
    expect(await actions.isVisible()).toBe(true);
    expect(await page.getByRole('radio', { name: /Fork/ }).isChecked()).toBe(true);
    await expectFitsPhone(page);
    await shoot(page, '13-phone-actions');
    await context.close();
  });

  it('follows a dark system theme, and the toggle overrides it', async () => {
    const { context, page } = await ui.openPage({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'dark',
    });
    await page.goto(`${ui.served.base}/s/${LONG_OUTPUT}`);
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
    expect(ui.errors).toEqual([]);
  });
});
