import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAccessibility } from './axe.js';
import { addSessions, openUiEnvironment, shoot, type UiEnvironment } from './harness.js';

/** Costs in Chromium against the real server: the pricing rollouts (test/fixtures/codex-homes/cost). */
const COST = fileURLToPath(new URL('../fixtures/codex-homes/cost/sessions', import.meta.url));
const SWITCH = 'c0570000-0060-7000-8000-000000000001';
const PARTIAL = 'c0570000-0060-7000-8000-000000000002';
const UNRECORDED = 'c0570000-0034-4a00-8000-000000000006';

describe('what a session cost, in the web UI', () => {
  let ui: UiEnvironment;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: () => ({ kind: 'message', text: 'ok' }),
      repoFiles: { 'AGENTS.md': '# Agents\n' },
      prepareHome: addSessions(COST),
    });
    ({ page } = await ui.openPage({ viewport: { width: 1280, height: 800 } }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const row = (id: string) => page.locator(`[data-session-id="${id}"] .cost`);

  it('shows each session its cost in the list, a floor when a model has no price and ? when none has', async () => {
    await page.goto(`${ui.served.base}/`);
    await row(SWITCH).waitFor();
    expect(await row(SWITCH).textContent()).toMatch(/^\$0\.\d\d$/);
    expect(await row(SWITCH).getAttribute('title')).toMatch(
      /^gpt-5\.5: \$0\.\d\d\ngpt-5\.4-mini: \$0\.\d\d\nPrices of \d{4}-\d\d-\d\d$/,
    );
    expect(await row(PARTIAL).textContent()).toMatch(/^\$0\.\d\d\+$/);
    expect(await row(PARTIAL).getAttribute('title')).toContain('mock-model: no price');
    await row(UNRECORDED).scrollIntoViewIfNeeded();
    expect(await row(UNRECORDED).textContent()).toBe('?');
    expect(await scanAccessibility(page)).toEqual([]);
    await shoot(page, 'cost-01-list');
  });

  it('says in the session header what it cost and what could not be priced', async () => {
    await page.goto(`${ui.served.base}/s/${PARTIAL}`);
    const head = page.locator('.transcript-head');
    await head.locator('.cost').waitFor();
    expect(await head.locator('.cost').textContent()).toMatch(/^\$0\.\d\d\+$/);
    expect(await head.locator('.cost-note').textContent()).toMatch(
      /^Cost \$0\.\d\d\+: no price for model mock-model\.$/,
    );
    await page.goto(`${ui.served.base}/s/${SWITCH}`);
    await expect.poll(() => head.locator('.cost').textContent()).toMatch(/^\$0\.\d\d$/);
    expect(await head.locator('.cost-note').count()).toBe(0);
    expect(await scanAccessibility(page)).toEqual([]);
    await shoot(page, 'cost-02-header');
  });
});
