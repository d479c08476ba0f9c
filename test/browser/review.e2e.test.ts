import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiEnvironment, type UiEnvironment } from './harness.js';

/**
 * A proposal reviewed like a code review, in Chromium against the real server, the real codex CLI and the
 * project's model server: the whole width, a file tree, folding, side by side that fits, one status per
 * proposal in the list and the review, checks summarized, apply, revert and apply again, and the run's
 * settings and path opt-ins chosen in the UI and recorded.
 */
const PARENT = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const AGENTS = '# Agents\n\nRun npm test.\n';
/** 72 characters: what a side of the side-by-side view must show unwrapped at 1440 px. */
const WIDE = 'Run the date tests with TZ=UTC so that they pass on every machine we own.';
const DIFF = [
  '--- a/AGENTS.md',
  '+++ b/AGENTS.md',
  '@@ -1,3 +1,4 @@',
  ' # Agents',
  ' ',
  '-Run npm test.',
  '+Run npm test before every commit.',
  `+${WIDE}`,
  '+Keep commits small.',
  '--- /dev/null',
  '+++ b/docs/codex.md',
  '@@ -0,0 +1,2 @@',
  '+# How we use Codex',
  `+${WIDE}`,
  'diff --git a/.codex/skills/review/references/gone.md b/.codex/skills/review/references/gone.md',
  'deleted file mode 100644',
  '--- a/.codex/skills/review/references/gone.md',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  '',
].join('\n');
const APPLIED_AGENTS = `# Agents\n\nRun npm test before every commit.\n${WIDE}\nKeep commits small.\n`;
const INSIGHT = {
  goal: 'Walk through a three-turn session',
  outcome: { status: 'achieved', summary: 'Every turn was answered.' },
  what_worked: [],
  friction: [],
  recommendations: [{ title: 'Pin TZ', detail: 'Say TZ=UTC in AGENTS.md', target: 'agents_md' }],
};

describe('reviewing proposals in Chromium', () => {
  let ui: UiEnvironment;
  let page: Page;
  let answer: { diff: string; summary: string } | 'fail' = { diff: DIFF, summary: 'Pin TZ, document Codex' };

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: (request) => {
        if (!request.hasSchema) return { kind: 'message', text: 'ok' };
        if (!request.userText.includes('Improve the instructions this repository gives Codex')) {
          return { kind: 'json', value: INSIGHT };
        }
        if (answer === 'fail') return { kind: 'http_error', status: 400, message: 'The model refused.' };
        return { kind: 'json', value: { ...answer, files_touched: [], safety_notes: [] } };
      },
      repoFiles: {
        'AGENTS.md': AGENTS,
        '.codex/skills/review/SKILL.md': '---\nname: review\ndescription: Review changes.\n---\n',
        '.codex/skills/review/references/gone.md': 'gone\n',
      },
    });
    ({ page } = await ui.openPage({ viewport: { width: 1440, height: 900 } }));
    await page.goto(`${ui.served.base}/s/${PARENT}`);
    await page.getByLabel('Model').fill('gpt-5.5-mini');
    await page.getByRole('button', { name: 'Run insights (fork)' }).click();
    await page.locator('.insight-result').waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await ui?.close();
  });

  /** Generates a proposal from the session's panel and opens its review; returns its id. */
  async function generate(options: { allowDocs?: boolean } = {}): Promise<string> {
    if (!(await page.locator('.actions-panel').isVisible())) {
      await page.getByRole('link', { name: '← Back to the session' }).click();
    }
    await page
      .getByLabel('Other paths, one per line (a folder as dir/)')
      .fill(options.allowDocs ? 'docs/' : '');
    const shown = page.locator('.proposal-ready');
    const before = (await shown.count()) > 0 ? await shown.getAttribute('data-proposal-id') : null;
    await page.getByRole('button', { name: 'Generate diff (fork)' }).click();
    const ready = page.locator('.proposal-ready');
    await expect
      .poll(
        async () => (await ready.count()) > 0 && (await ready.getAttribute('data-proposal-id')) !== before,
        {
          timeout: 60_000,
        },
      )
      .toBe(true);
    const id = (await ready.getAttribute('data-proposal-id')) ?? '';
    await ready.getByRole('button', { name: 'Review the proposal' }).click();
    await page.locator(`.review[data-proposal-id="${id}"][data-status]`).waitFor();
    return id;
  }

  const review = () => page.locator('.review');
  const statusInReview = () => review().getAttribute('data-status');

  /** The status the session's list shows for a proposal (after going back to it). */
  async function statusInList(id: string): Promise<string | null> {
    await page.getByRole('link', { name: '← Back to the session' }).click();
    const item = page.locator(`.proposal-list [data-proposal-id="${id}"]`);
    await item.waitFor();
    const status = await item.getAttribute('data-status');
    expect(await item.locator('.badge').textContent()).toBe(
      await item.locator(`.badge.status-${status}`).textContent(),
    );
    return status;
  }

  async function openFromList(id: string): Promise<void> {
    await page.locator(`.proposal-list [data-proposal-id="${id}"]`).click();
    await page.locator(`.review[data-proposal-id="${id}"][data-status]`).waitFor();
  }

  let applied = '';

  it('shows a proposal across the whole width with a file tree of every changed path, and records the run settings', async () => {
    applied = await generate({ allowDocs: true });
    expect(await statusInReview()).toBe('generated');
    expect(await review().locator('.badge.status-generated').textContent()).toBe('Proposal generated');
    const width = await review().evaluate((element) => element.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(1400);

    const tree = review().getByRole('navigation', { name: 'Changed files' });
    const rows = await tree
      .locator('.tree-file')
      .evaluateAll((items) =>
        items.map((item) => `${item.getAttribute('data-operation')} ${item.textContent}`),
      );
    expect(rows).toEqual([
      'delete Ddeleted: gone.md+0 −1',
      'add Aadded: codex.md+2 −0',
      'modify Mmodified: AGENTS.md+3 −1',
    ]);
    expect(await tree.locator('.tree-folder > .tree-name').allTextContents()).toEqual([
      '.codex/skills/review/references/',
      'docs/',
    ]);
    expect(await review().locator('.hunk-head .recounted').first().textContent()).toContain(
      '@@ -1,3 +1,4 @@',
    );
    expect(await review().locator('.run-facts').textContent()).toMatch(
      /Model\s*gpt-5\.5-mini.*Sandbox\s*read-only.*Approval\s*never.*May change.*docs\//,
    );

    const meta = JSON.parse(
      await readFile(join(ui.repo.dir, '.codex-orchestrator/proposals', applied, 'meta.json'), 'utf8'),
    );
    expect(meta.options).toEqual({ allow_subtree_agents: false, allow_paths: ['docs/'] });
    expect(meta.model).toBe('gpt-5.5-mini');
    // What Codex was asked to run with is what it ran with.
    const proposalRequest = ui.model.requests.findLast((r) =>
      r.userText.includes('Improve the instructions this repository gives Codex'),
    );
    expect(proposalRequest?.body.model).toBe('gpt-5.5-mini');
    const job = JSON.parse(
      await readFile(join(ui.repo.dir, '.codex-orchestrator/runs', `${meta.job_id}.json`), 'utf8'),
    );
    expect(job).toMatchObject({ model: 'gpt-5.5-mini', sandbox: 'read-only' });
  });

  it('lays the two sides out so that a 72-character line is not wrapped at 1440 px', async () => {
    await review().getByText('Side by side', { exact: true }).click();
    const table = review().locator('.diff-table.split').first();
    await table.waitFor();
    const layout = await table.evaluate((element) => {
      const cell = element.querySelector<HTMLElement>('td.src.add') as HTMLElement;
      const style = getComputedStyle(cell);
      const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const perChar = context.measureText('0'.repeat(100)).width / 100;
      const inner =
        cell.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
      const lineHeight = cell.querySelector('span')?.getBoundingClientRect().height ?? 0;
      const wrapped = [...element.querySelectorAll<HTMLElement>('td.src')]
        .filter((td) => (td.textContent ?? '').length > 0)
        .filter((td) => td.getBoundingClientRect().height > 1.5 * Number.parseFloat(style.lineHeight || '15'))
        .map((td) => td.textContent);
      return { chars: Math.floor(inner / perChar), wrapped, lineHeight };
    });
    expect(layout.chars).toBeGreaterThanOrEqual(72);
    expect(layout.wrapped).toEqual([]);
    await review().getByText('Unified', { exact: true }).click();
  });

  it('folds a file from its header and opens it again from the tree', async () => {
    const agents = review().locator('.diff-file', { hasText: 'AGENTS.md' }).first();
    const fold = agents.locator('.fold');
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    await fold.click();
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await agents.locator('.dl').count()).toBe(0);
    await review().locator('.tree-file', { hasText: 'AGENTS.md' }).getByRole('button').click();
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    expect(await agents.locator('.dl.add').count()).toBe(3);
    await review().getByRole('button', { name: 'Collapse all' }).click();
    expect(await review().locator('.dl').count()).toBe(0);
    await review().getByRole('button', { name: 'Expand all' }).click();
  });

  it('applies, reverts (the Applied box goes) and applies again, saying the same status in the list', async () => {
    expect(await statusInList(applied)).toBe('generated');
    await openFromList(applied);
    await review().getByLabel('I reviewed this diff').check();
    await review().getByRole('button', { name: 'Approve & apply' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.locator('.change-list li').allTextContents()).toEqual([
      expect.stringMatching(/^modify AGENTS\.md/),
      expect.stringMatching(/^add docs\/codex\.md/),
      expect.stringMatching(/^delete \.codex\/skills\/review\/references\/gone\.md/),
    ]);
    await dialog.getByRole('button', { name: 'Apply to 3 files' }).click();
    await expect.poll(statusInReview).toBe('applied');
    expect(await review().locator('.applied').textContent()).toContain('AGENTS.md');
    expect(await readFile(join(ui.repo.dir, 'AGENTS.md'), 'utf8')).toBe(APPLIED_AGENTS);
    expect(await statusInList(applied)).toBe('applied');

    await openFromList(applied);
    await review().getByRole('button', { name: 'Revert' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revert' }).click();
    await expect.poll(statusInReview).toBe('reverted');
    expect(await review().locator('.applied').count()).toBe(0);
    expect(await review().locator('.badge.status-generated').count()).toBe(0);
    expect(await readFile(join(ui.repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);
    expect(await statusInList(applied)).toBe('reverted');

    await openFromList(applied);
    await review().getByLabel('I reviewed this diff').check();
    await review().getByRole('button', { name: 'Approve & apply again' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Apply to 3 files' }).click();
    await expect.poll(statusInReview).toBe('applied');
    expect(await readFile(join(ui.repo.dir, 'AGENTS.md'), 'utf8')).toBe(APPLIED_AGENTS);
    expect(await statusInList(applied)).toBe('applied');
    await openFromList(applied);
    await review().getByRole('button', { name: 'Revert' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revert' }).click();
    await expect.poll(statusInReview).toBe('reverted');
  });

  it('summarizes the checks of a diff that does not parse: one failing first, the rest not checked apart', async () => {
    answer = { diff: '--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ this is not a hunk @@\n+x\n', summary: 'Broken' };
    const id = await generate();
    expect(await statusInReview()).toBe('invalid');
    expect(await review().locator('.badge.status-generated').count()).toBe(0);
    expect(await review().locator('.badge').first().textContent()).toBe('Invalid');
    const count = await review().locator('.checks-count').textContent();
    expect(count).toMatch(/^1 failing · \d+ not checked · \d+ passed$/);
    const failing = review().getByRole('list', { name: 'Failing checks' }).locator('li');
    expect(await failing.count()).toBe(1);
    expect(await failing.textContent()).toContain('The diff is refused');
    expect(await review().locator('.check-group.skipped summary').textContent()).toMatch(/not checked/);
    expect(await review().getByRole('button', { name: 'Approve & apply' }).isDisabled()).toBe(true);
    expect(await statusInList(id)).toBe('invalid');
  });

  it('calls a proposal whose files changed "Stale", never "Proposal generated"', async () => {
    answer = { diff: DIFF, summary: 'Pin TZ again' };
    const id = await generate({ allowDocs: true });
    expect(await statusInReview()).toBe('generated');
    await writeFile(join(ui.repo.dir, 'AGENTS.md'), `${AGENTS}Edited by hand.\n`);
    await page.reload();
    await page.locator(`.review[data-proposal-id="${id}"][data-status]`).waitFor();
    expect(await statusInReview()).toBe('stale');
    expect(await review().locator('.badge').first().textContent()).toBe('Stale');
    expect(await review().locator('.status-note').textContent()).toContain('Generate a new diff');
    expect(await statusInList(id)).toBe('stale');
    await writeFile(join(ui.repo.dir, 'AGENTS.md'), AGENTS);
  });

  it('calls a proposal that rightly changes nothing "No change needed", with no failed checks', async () => {
    answer = { diff: '', summary: 'no change needed' };
    const id = await generate();
    expect(await statusInReview()).toBe('no_change');
    expect(await review().locator('.badge').first().textContent()).toBe('No change needed');
    expect(await review().textContent()).not.toMatch(/failed|failing/i);
    expect(await review().locator('.checks, .decision').count()).toBe(0);
    expect(await statusInList(id)).toBe('no_change');
  });

  it('calls a proposal whose run failed "Generation failed", with the reason', async () => {
    answer = 'fail';
    const id = await generate();
    await expect.poll(statusInReview).toBe('failed');
    expect(await review().locator('.badge').first().textContent()).toBe('Generation failed');
    expect(await review().locator('.notice.error').textContent()).toContain('The model refused.');
    expect(await statusInList(id)).toBe('failed');
  });

  it('offers the workspace-write sandbox only when the server allows it', async () => {
    const sandbox = page.getByLabel('Sandbox');
    expect(await sandbox.locator('option[value="workspace-write"]').isDisabled()).toBe(true);
    expect(await page.locator('.run-settings').textContent()).toContain('--allow-write-sandbox');
  });

  it('fits a phone: no sideways scrolling of the page, unified or side by side', async () => {
    const { page: phone, context } = await ui.openPage({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
    });
    await phone.goto(`${ui.served.base}/s/${PARENT}/p/${applied}`);
    await phone.locator('.review .diff-file').first().waitFor();
    const width = () => phone.evaluate(() => document.documentElement.scrollWidth);
    expect(await width()).toBeLessThanOrEqual(390);
    expect(await phone.getByRole('navigation', { name: 'Changed files' }).isVisible()).toBe(true);
    await phone.getByText('Side by side', { exact: true }).click();
    expect(await width()).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('logged no console errors', async () => {
    await page.context().close();
    expect(ui.errors).toEqual([]);
  });
});
