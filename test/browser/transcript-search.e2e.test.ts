import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAccessibility } from './axe.js';
import { openUiEnvironment, shoot, type UiEnvironment } from './harness.js';
import { type RolloutItem, writeRollout } from './rollouts.js';

/**
 * In Chromium against the real server: the patches Codex applied shown as diffs (every form apply_patch takes,
 * the 0.40 argv one decoded rather than shown with `\n`), and search hits marked in the list — the matched word,
 * not brackets the text itself holds — and opened at the entry that holds them, scrolled into view, the entry
 * opened whole and the word marked, for a hit the index holds and for one only a read of the rollout finds.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OLD_PATCH_SESSION = '01a20120-073d-7262-9942-d5f2c9b66274';
const OLD_PATCH_FILE = `0.40.0/sessions/2026/11/22/rollout-2026-11-22T02-40-05-${OLD_PATCH_SESSION}.jsonl`;
const NEW_PATCH_SESSION = '01a2011f-c96b-7ec2-8f0a-d1bf4dc13080';
const INDEXED = '01a30000-0000-7000-8000-00000000e001';
const DEEP = '01a30000-0000-7000-8000-00000000e002';
const WORD = 'quokkaphant';

/** A long session whose `hit`-th tool output holds `output`; the rest is filler. */
function* session(hit: number, output: string): Generator<RolloutItem> {
  for (let i = 0; i < 120; i++) {
    yield { kind: 'user', text: `Step ${i}: check the build` };
    yield {
      kind: 'shell',
      command: `npm run check -- ${i}`,
      output: i === hit ? output : `check ${i} passed`,
      exitCode: i === hit ? 2 : 0,
    };
    yield { kind: 'assistant', text: `Step ${i} is done.` };
  }
}

describe('patches and search hits in the transcript, in Chromium', () => {
  let ui: UiEnvironment;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: () => ({ kind: 'message', text: 'ok' }),
      repoFiles: { 'AGENTS.md': '# Agents\n' },
      prepareHome: async (codexHome) => {
        const target = join(codexHome, 'sessions', OLD_PATCH_FILE.replace(/^0\.40\.0\/sessions\//, ''));
        await mkdir(join(target, '..'), { recursive: true });
        await copyFile(join(ROOT, 'test/fixtures/codex-sessions', OLD_PATCH_FILE), target);
        await writeRollout(codexHome, {
          id: INDEXED,
          startedAt: new Date('2026-11-24T09:00:00Z'),
          cwd: '/home/dev/work/shop',
          items: session(95, `ls: cannot access '/[data]/${WORD}/here': No such file or directory`),
        });
        // Past the 4,000 characters of an output the index keeps: only reading the rollout finds it.
        const long = `${'PASS src/a.test.ts\n'.repeat(400)}FAIL src/${WORD}.test.ts [2/3]\n${'ok\n'.repeat(30)}`;
        await writeRollout(codexHome, {
          id: DEEP,
          startedAt: new Date('2026-11-24T08:00:00Z'),
          cwd: '/home/dev/work/shop',
          items: session(80, long),
        });
      },
    });
  });

  afterAll(async () => {
    await ui?.close();
  });

  async function shootPatches(page: Page): Promise<void> {
    await page.locator('.entry.kind-patch').first().scrollIntoViewIfNeeded();
    await shoot(page, 'transcript-patch-diff');
  }

  async function patchEntry(page: Page, id: string): Promise<Locator> {
    await page.goto(`${ui.served.base}/s/${id}`);
    const entries = page.locator('.entry.kind-patch');
    await entries.first().waitFor();
    return entries;
  }

  it('shows each patch as a diff of its files, the old argv form decoded like the others', async () => {
    const { page, context } = await ui.openPage({ viewport: { width: 1440, height: 900 } });
    for (const id of [NEW_PATCH_SESSION, OLD_PATCH_SESSION]) {
      const patches = await patchEntry(page, id);
      expect(await patches.count()).toBe(2);
      const added = patches.nth(0).locator('.diff-file');
      expect(await added.locator('.diff-path').textContent()).toBe('notes.txt');
      expect(await added.locator('tr.dl.add td.src').allTextContents()).toEqual([
        'hello from the mock model',
        'second line',
      ]);
      // A new file's lines are numbered; a changed file's are not (apply_patch gives no numbers).
      expect(await added.locator('tr.dl.add td.ln').nth(1).textContent()).toBe('1');
      const changed = patches.nth(1).locator('.diff-file');
      expect(await changed.locator('.diff-path').textContent()).toBe('README.md');
      expect(await changed.locator('tr.dl.del td.src').allTextContents()).toEqual(['# demo repo']);
      expect(await changed.locator('tr.dl.add td.src').allTextContents()).toEqual([
        '# demo repo (patched by mock)',
      ]);
      // The call itself shows the patch as written, line by line: never `\n` in the text.
      const call = page.locator('.entry.kind-tool_call').filter({ hasText: 'Update File: README.md' });
      const text = (await call.locator('pre').first().textContent()) ?? '';
      expect(text).toContain('*** Update File: README.md\n@@\n-# demo repo\n');
      expect(text).not.toContain('\\n');
    }
    await shootPatches(page);
    // A file's diff folds from its header.
    const patches = await patchEntry(page, OLD_PATCH_SESSION);
    const fold = patches.nth(1).getByRole('button', { name: /README\.md/ });
    await fold.click();
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await patches.nth(1).locator('tr.dl').count()).toBe(0);
    await context.close();
  });

  /** The marked entry once it is drawn inside the transcript's scroller, and the words marked in it. */
  async function openedHit(page: Page) {
    const marked = page.locator('.entry-target > .entry');
    await marked.waitFor();
    await expect
      .poll(() =>
        page.evaluate(() => {
          const ranges = [...(CSS.highlights.get('search-hit') ?? [])] as Range[];
          const scroller = ranges[0]?.startContainer.parentElement
            ?.closest('.vscroll')
            ?.getBoundingClientRect();
          const first = ranges[0]?.getBoundingClientRect();
          if (!first || !scroller) return null;
          const inView = first.top >= scroller.top && first.bottom <= scroller.bottom;
          return { words: ranges.map((range) => range.toString()), inView };
        }),
      )
      .toEqual({ words: [WORD], inView: true });
    return marked;
  }

  it('marks what a search matched in the list and opens each hit at its entry, the word marked', async () => {
    const { page, context } = await ui.openPage({ viewport: { width: 1440, height: 900 } });
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill(WORD);
    const rows = page.locator(`[data-session-id="${INDEXED}"], [data-session-id="${DEEP}"]`);
    await expect.poll(() => rows.count()).toBe(2);
    for (const id of [INDEXED, DEEP]) {
      const snippet = page.locator(`[data-session-id="${id}"] .row-snippet`);
      // The list answers each prefix as it is typed: wait for the whole word's answer.
      await expect.poll(() => snippet.locator('mark').allTextContents()).toEqual([WORD]);
      // Brackets are the text's own; the match is never written in brackets.
      expect(await snippet.textContent()).not.toContain(`[${WORD}]`);
    }
    expect(await page.locator(`[data-session-id="${INDEXED}"] .row-snippet`).textContent()).toContain(
      `/[data]/${WORD}/here`,
    );

    await page.locator(`[data-session-id="${INDEXED}"]`).click();
    let marked = await openedHit(page);
    await shoot(page, 'search-hit-opened');
    expect(await marked.textContent()).toContain(`/[data]/${WORD}/here`);
    expect(new URL(page.url()).searchParams.get('entry')).toMatch(/^\d+$/);
    expect(await scanAccessibility(page)).toEqual([]);

    // The deep hit is past the output's fold: the entry is opened whole so the word can be shown.
    await page.locator(`[data-session-id="${DEEP}"]`).click();
    marked = await openedHit(page);
    await shoot(page, 'search-hit-deep-opened');
    expect(await marked.textContent()).toContain(`FAIL src/${WORD}.test.ts [2/3]`);
    expect(await marked.getByRole('button', { name: 'Show less' }).count()).toBe(1);
    await context.close();
  });

  it('opens a hit on a phone in the transcript, and passes axe in the dark', async () => {
    const { page, context } = await ui.openPage({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      colorScheme: 'dark',
    });
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill(WORD);
    const row = page.locator(`[data-session-id="${INDEXED}"]`);
    await row.waitFor();
    expect(await scanAccessibility(page)).toEqual([]);
    await row.click();
    await openedHit(page);
    expect(await page.getByRole('region', { name: 'Sessions' }).isVisible()).toBe(false);
    await patchEntry(page, OLD_PATCH_SESSION);
    expect(await scanAccessibility(page)).toEqual([]);
    await context.close();
  });

  it('logged no console errors', () => {
    expect(ui.errors).toEqual([]);
  });
});
