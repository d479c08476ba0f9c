import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiEnvironment, shoot, type UiEnvironment } from './harness.js';
import { type RolloutItem, writeRollout } from './rollouts.js';

/** What a long-time Codex user has: 10,000 sessions, and sessions of 100,000 entries. In Chromium. */
const HUGE = '01a30000-0000-7000-8000-0000000000b1';
const STEPS = 33_333;
const MANY = 10_000;

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

describe('the web UI with a large Codex history', () => {
  let ui: UiEnvironment;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: () => ({ kind: 'message', text: 'ok' }),
      repoFiles: { 'AGENTS.md': '# Agents\n' },
      prepareHome: async (codexHome) => {
        await writeRollout(codexHome, {
          id: HUGE,
          startedAt: new Date('2026-11-22T05:00:00Z'),
          cwd: '/home/dev/work/warehouse',
          items: hugeSession(),
        });
        for (let i = 0; i < MANY; i++) {
          await writeRollout(codexHome, {
            id: `01a30001-0000-7000-8000-${i.toString(16).padStart(12, '0')}`,
            startedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000),
            cwd: `/home/dev/work/project-${i % 37}`,
            items: [
              { kind: 'user', text: `Session number ${i}` },
              { kind: 'assistant', text: 'Done.' },
            ],
          });
        }
      },
    });
  }, 180_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('lists 10,000 sessions a page at a time, newest first, keeping only visible rows in the DOM', async () => {
    const listRequests: string[] = [];
    const { context, page } = await ui.openPage({ viewport: { width: 1280, height: 800 } }, (p) =>
      p.on('request', (request) => {
        if (new URL(request.url()).pathname === '/codex/sessions') listRequests.push(request.url());
      }),
    );
    const status = page.locator('.list-status');
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toMatch(/^10,0\d\d sessions$/);
    const options = page.locator('.list-wrap [role="option"]');
    expect(await options.first().textContent()).toContain('Run every migration step and report.');
    expect(await options.count()).toBeLessThan(40);
    expect(listRequests).toHaveLength(1);

    const started = Date.now();
    await page.evaluate(() => {
      const list = document.querySelector('[data-testid="session-list"]') as HTMLElement;
      list.scrollTop = list.scrollHeight;
    });
    const oldest = page.locator('.list-wrap .row-title', { hasText: /^Session number 0$/ });
    await oldest.waitFor({ timeout: 30_000 });
    console.info(
      `session list: last of ${await status.textContent()} shown ${Date.now() - started} ms after jumping to the end`,
    );
    expect(await options.count()).toBeLessThan(40);
    expect(listRequests.length).toBeLessThanOrEqual(4);
    await shoot(page, '09-ten-thousand-sessions-end');

    // The open session stays in sight after a reload, even though its row is on the last page.
    await oldest.click();
    await page.waitForURL('**/s/01a30001-0000-7000-8000-000000000000');
    await page.reload();
    const pinned = page.getByRole('listbox', { name: 'Open session' });
    await pinned.waitFor();
    expect(await pinned.getByRole('option').getAttribute('aria-selected')).toBe('true');
    expect(await pinned.textContent()).toContain('Session number 0');
    await context.close();
  });

  it('keeps only the visible rows of a 100,000-entry session in the DOM and scrolls it smoothly', async () => {
    const { context, page } = await ui.openPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ui.served.base}/s/${HUGE}`);
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
    expect(median).toBeLessThan(50);
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

  it('logged no console errors on any page', () => {
    expect(ui.errors).toEqual([]);
  });
});
