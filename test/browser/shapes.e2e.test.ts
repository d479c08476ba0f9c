import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSessions, openUiEnvironment, shoot, type UiEnvironment } from './harness.js';

/**
 * Subagents and turn friction in Chromium against the real server: the hand-made rollouts of current
 * Codex shapes (test/fixtures/codex-homes/shapes) beside the real 0.169 corpus.
 */
const SHAPES = fileURLToPath(new URL('../fixtures/codex-homes/shapes/sessions', import.meta.url));
const PARENT = '01a25a00-0100-7000-8000-0000000000b1';
const TURNS = '01a27700-0169-7000-8000-0000000000c1';
const WARNINGS = '019b7c00-0100-7000-8000-000000000003';

describe('subagents and turns that failed, stopped or waited, in the web UI', () => {
  let ui: UiEnvironment;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: () => ({ kind: 'message', text: 'ok' }),
      repoFiles: { 'AGENTS.md': '# Agents\n' },
      prepareHome: addSessions(SHAPES),
    });
    ({ page } = await ui.openPage({ viewport: { width: 1280, height: 800 } }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const listCount = async () =>
    Number((await page.locator('.list-status').textContent())?.replace(/\D/g, ''));

  it('lists subagents under the session that spawned them, and as rows only when asked', async () => {
    await page.goto(`${ui.served.base}/s/${PARENT}`);
    const subagents = page.locator('.transcript-head .subagents');
    await subagents.waitFor();
    expect(await subagents.locator('summary').textContent()).toContain('2 subagents spawned (3 in all)');
    expect(await subagents.locator('li a').allTextContents()).toEqual(['Curie', 'Meitner', 'Noether']);
    const parentRow = page.locator(`[data-session-id="${PARENT}"]`);
    expect(await parentRow.textContent()).toContain('2 subagents');
    await shoot(page, 'shapes-01-parent');

    const without = await listCount();
    expect(await page.locator('.session-row.subagent-row').count()).toBe(0);
    await page.getByLabel('Show subagents').check();
    await expect.poll(listCount).toBe(without + 6);
    await expect.poll(() => page.locator('.session-row.subagent-row').count()).toBeGreaterThan(0);
    await page.getByLabel('Show subagents').uncheck();
    await expect.poll(listCount).toBe(without);

    await subagents.locator('li a', { hasText: 'Curie' }).click();
    await expect.poll(() => page.locator('.transcript-head').textContent()).toContain('subagent Curie of');
    const instruction = page.locator('.entry.author-parent_agent').first();
    await instruction.waitFor();
    expect(await instruction.locator('.entry-label').textContent()).toBe('Parent agent');
    expect(await instruction.textContent()).toContain('Run the unit tests five times and report failures');
    expect(await page.locator('.entry.kind-message.role-user').count()).toBe(0);
    await shoot(page, 'shapes-02-subagent');
  });

  it('marks failed and interrupted turns and the calls with which Codex waited for the person', async () => {
    await page.goto(`${ui.served.base}/s/${TURNS}`);
    const head = page.locator('.transcript-head');
    await expect.poll(() => head.textContent()).toContain('1 interrupted turn');
    expect(await head.textContent()).toContain('1 failed turn');
    expect(await head.textContent()).toContain('2 turns waiting for you');
    expect(await page.locator('.wait-badge').allTextContents()).toEqual([
      '⏸ waited for your answer',
      '⏸ asked you for permissions',
      '⏸ asked to run outside the sandbox',
    ]);
    // The last turns are further down: scroll the (windowed) transcript to its end.
    await expect
      .poll(async () => {
        await page.getByTestId('transcript').evaluate((el) => {
          el.scrollTop = el.scrollHeight;
        });
        return page.locator('.entry.kind-error .entry-label').allTextContents();
      })
      .toEqual(['Turn failed', 'Turn interrupted']);
    await shoot(page, 'shapes-03-turns');
  });

  it('shows what Codex injected as a user-role message as context, not as something the person typed', async () => {
    await page.goto(`${ui.served.base}/s/${WARNINGS}`);
    await page.locator('.entry').first().waitFor();
    const typed = page.locator('.entry.kind-message.role-user');
    await expect.poll(() => typed.count()).toBe(1);
    expect(await typed.textContent()).toContain('Set a to 2 in app.ts, twice if needed');
    expect(await page.locator('.transcript-head').textContent()).toContain('1 message');
  });

  it('logged no console errors on any page', async () => {
    await page.context().close();
    expect(ui.errors).toEqual([]);
  });
});
