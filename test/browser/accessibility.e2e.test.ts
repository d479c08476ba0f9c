import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAccessibility } from './axe.js';
import { openUiEnvironment, type UiEnvironment } from './harness.js';

/**
 * axe-core finds no violation (WCAG 2.x A/AA, colour contrast included, and its best practices) on any view —
 * the panels with a transcript, insights and proposals, a proposal's review (failing checks unfolded, unified
 * and side by side) and its confirmation — at 1440×900 and 390×844, light and dark.
 */
const PARENT = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const VALID = [
  '--- a/AGENTS.md',
  '+++ b/AGENTS.md',
  '@@ -1,3 +1,4 @@',
  ' # Agents',
  ' ',
  '-Run npm test.',
  '+Run npm test with TZ=UTC.',
  '+Keep commits small.',
  '--- /dev/null',
  '+++ b/.codex/skills/dates/SKILL.md',
  '@@ -0,0 +1,4 @@',
  '+---',
  '+name: dates',
  '+description: Handle dates in UTC.',
  '+---',
  '',
].join('\n');
const INVALID = '--- /dev/null\n+++ b/.env\n@@ -0,0 +1 @@\n+API_KEY=x\n';
const INSIGHT = {
  goal: 'Walk through a three-turn session',
  outcome: { status: 'achieved', summary: 'Every turn was answered.' },
  what_worked: [{ point: 'Reading the README first', evidence: [{ quote: 'cat README.md', entry: 19 }] }],
  friction: [{ point: 'Nothing *slowed* it down', evidence: [] }],
  recommendations: [{ title: 'Pin TZ', detail: 'Say `TZ=UTC` in AGENTS.md', target: 'agents_md' }],
};

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, hasTouch: true },
] as const;

describe('accessibility of every view', () => {
  let ui: UiEnvironment;
  let diff = VALID;
  const proposals: Record<'valid' | 'invalid', string> = { valid: '', invalid: '' };

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: (request) => {
        if (!request.hasSchema) return { kind: 'message', text: 'ok' };
        if (request.userText.includes('Improve the instructions this repository gives Codex')) {
          return {
            kind: 'json',
            value: { diff, summary: 'Pin TZ', files_touched: [], safety_notes: ['Read it.'] },
          };
        }
        return { kind: 'json', value: INSIGHT };
      },
      repoFiles: { 'AGENTS.md': '# Agents\n\nRun npm test.\n' },
    });
    const { page, context } = await ui.openPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${ui.served.base}/s/${PARENT}`);
    await page.getByRole('button', { name: 'Run insights (fork)' }).click();
    await page.locator('.insight-result').waitFor({ timeout: 60_000 });
    for (const kind of ['valid', 'invalid'] as const) {
      diff = kind === 'valid' ? VALID : INVALID;
      const ready = page.locator(`.proposal-ready:not([data-proposal-id="${proposals.valid}"])`);
      await page.getByRole('button', { name: 'Generate diff (fork)' }).click();
      await ready.waitFor({ timeout: 60_000 });
      proposals[kind] = (await ready.getAttribute('data-proposal-id')) ?? '';
    }
    await context.close();
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function expectClean(page: Page, view: string): Promise<void> {
    expect(await scanAccessibility(page), view).toEqual([]);
  }

  for (const { name, ...options } of VIEWPORTS) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`finds nothing on the panels, ${name}, ${colorScheme}`, async () => {
        const { page, context } = await ui.openPage({ ...options, colorScheme });
        await page.goto(`${ui.served.base}/s/${PARENT}`);
        await page.locator('[data-kind="tool_output"] .exit').first().waitFor();
        const tabs = page.getByRole('navigation', { name: 'Panels' });
        if (name === 'phone') await tabs.getByRole('button', { name: 'Actions' }).click();
        await page.locator('.pick-list .pick').first().click();
        await page.locator('.insight-result').waitFor();
        await page.locator('.proposal-list .pick').first().waitFor();
        if (name === 'desktop') {
          await expectClean(page, 'panels');
        } else {
          for (const tab of ['Sessions', 'Transcript', 'Actions']) {
            await tabs.getByRole('button', { name: tab }).click();
            await expectClean(page, `${tab} tab`);
          }
        }
        await context.close();
      });

      it(`finds nothing on a review and its confirmation, ${name}, ${colorScheme}`, async () => {
        const { page, context } = await ui.openPage({ ...options, colorScheme });
        await page.goto(`${ui.served.base}/s/${PARENT}/p/${proposals.invalid}`);
        await page.locator('.review[data-status="invalid"] .checks').waitFor();
        await page.locator('.review details').evaluateAll((all) => {
          for (const details of all) (details as HTMLDetailsElement).open = true;
        });
        await expectClean(page, 'invalid review');

        await page.goto(`${ui.served.base}/s/${PARENT}/p/${proposals.valid}`);
        await page.locator('.review[data-status="generated"] .diff-file').first().waitFor();
        await expectClean(page, 'review, unified');
        await page.getByText('Side by side', { exact: true }).click();
        await expectClean(page, 'review, side by side');
        await page.getByLabel('I reviewed this diff').check();
        await page.getByRole('button', { name: 'Approve & apply' }).click();
        await page.getByRole('dialog').waitFor();
        await expectClean(page, 'confirmation');
        await context.close();
      });
    }
  }

  it('logged no console errors', () => {
    expect(ui.errors).toEqual([]);
  });
});
