import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiEnvironment, shoot, type UiEnvironment } from './harness.js';

/**
 * What a reviewer sees is what is applied: a proposal whose first hunk understates its counts (the header
 * says one added line, three follow) and that renames, deletes and adds files, reviewed in Chromium against
 * the real server, codex CLI and model server, then applied.
 */
const PARENT = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const ADDED_TO_AGENTS = ['Run tests with TZ=UTC.', 'Keep commits small.', 'Write the test first.'];
const NEW_SKILL = ['---', 'name: dates', 'description: Handle dates in UTC.', '---', 'Always use UTC.'];
const DIFF = [
  '--- a/AGENTS.md',
  '+++ b/AGENTS.md',
  '@@ -1,3 +1,4 @@',
  ' # Agents',
  ' ',
  ' Run npm test.',
  ...ADDED_TO_AGENTS.map((line) => `+${line}`),
  'diff --git a/.codex/skills/review/references/old.md b/.codex/skills/review/references/new.md',
  'similarity index 50%',
  'rename from .codex/skills/review/references/old.md',
  'rename to .codex/skills/review/references/new.md',
  '--- a/.codex/skills/review/references/old.md',
  '+++ b/.codex/skills/review/references/new.md',
  '@@ -1 +1,2 @@',
  ' old notes',
  '+new notes',
  'diff --git a/.codex/skills/review/references/gone.md b/.codex/skills/review/references/gone.md',
  'deleted file mode 100644',
  '--- a/.codex/skills/review/references/gone.md',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  '--- /dev/null',
  '+++ b/.codex/skills/dates/SKILL.md',
  '@@ -0,0 +1,5 @@',
  ...NEW_SKILL.map((line) => `+${line}`),
  '',
].join('\n');
const INSIGHT = {
  goal: 'Walk through a three-turn session',
  outcome: { status: 'achieved', summary: 'Every turn was answered.' },
  what_worked: [],
  friction: [],
  recommendations: [{ title: 'Pin TZ', detail: 'Say TZ=UTC in AGENTS.md', target: 'agents_md' }],
};

describe('reviewing a recounted, multi-file proposal in Chromium', () => {
  let ui: UiEnvironment;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: (request) => {
        if (!request.hasSchema) return { kind: 'message', text: 'ok' };
        if (request.userText.includes('Improve the instructions this repository gives Codex')) {
          // The model also lies about what it touches: the review must not rely on it.
          return {
            kind: 'json',
            value: { diff: DIFF, summary: 'Dates and tests', files_touched: ['AGENTS.md'], safety_notes: [] },
          };
        }
        return { kind: 'json', value: INSIGHT };
      },
      repoFiles: {
        'AGENTS.md': '# Agents\n\nRun npm test.\n',
        '.codex/skills/review/SKILL.md':
          '---\nname: review\ndescription: Review changes.\n---\n\nRead the diff.\n',
        '.codex/skills/review/references/old.md': 'old notes\n',
        '.codex/skills/review/references/gone.md': 'gone\n',
      },
    });
    ({ page } = await ui.openPage({ viewport: { width: 1280, height: 1000 } }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('shows every changed line and every path with how it changes, asks about each, and writes exactly that', async () => {
    await page.goto(`${ui.served.base}/s/${PARENT}`);
    await page.getByRole('button', { name: 'Run insights (fork)' }).click();
    await page.locator('.insight-result').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Generate diff (fork)' }).click();
    await page.getByRole('button', { name: 'Review the proposal' }).click({ timeout: 60_000 });
    const proposal = page.locator('.review[data-status]');
    await proposal.waitFor();
    expect(await proposal.getAttribute('data-status')).toBe('generated');

    const files = proposal.locator('.diff-file');
    expect(await files.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-operation')))).toEqual([
      'modify',
      'rename',
      'delete',
      'add',
    ]);
    const paths = await proposal.locator('.diff-path').allTextContents();
    expect(paths).toEqual([
      'AGENTS.md',
      '.codex/skills/review/references/old.md → .codex/skills/review/references/new.md',
      '.codex/skills/review/references/gone.md',
      '.codex/skills/dates/SKILL.md',
    ]);
    const added = await proposal.locator('.dl.add .src').allTextContents();
    expect(added).toEqual([...ADDED_TO_AGENTS, 'new notes', ...NEW_SKILL]);
    expect(await proposal.locator('.dl.del .src').allTextContents()).toEqual(['gone']);
    const head = proposal.locator('.hunk-head').first();
    expect(await head.textContent()).toContain('@@ -1,3 +1,6 @@');
    expect(await head.locator('.recounted').textContent()).toContain('@@ -1,3 +1,4 @@');
    await proposal.locator('.diff-view').scrollIntoViewIfNeeded();
    // The file tree names every path too, each with how it changes.
    expect(
      await proposal
        .locator('.tree-file')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-operation'))),
    ).toEqual(['add', 'delete', 'rename', 'modify']);
    await shoot(page, '08-recounted-multi-file');

    await proposal.getByLabel('I reviewed this diff').check();
    await proposal.getByRole('button', { name: 'Approve & apply' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const items = await dialog.locator('.change-list li').allTextContents();
    expect(items).toEqual([
      expect.stringMatching(/^modify AGENTS\.md/),
      expect.stringMatching(
        /^rename \.codex\/skills\/review\/references\/new\.md \(removes \.codex\/skills\/review\/references\/old\.md\)/,
      ),
      expect.stringMatching(/^delete \.codex\/skills\/review\/references\/gone\.md/),
      expect.stringMatching(/^add \.codex\/skills\/dates\/SKILL\.md/),
    ]);
    await shoot(page, '09-confirm-every-path');
    await dialog.getByRole('button', { name: 'Apply to 5 files' }).click();
    await proposal.locator('.applied').waitFor();

    const repo = ui.repo.dir;
    expect(await readFile(join(repo, 'AGENTS.md'), 'utf8')).toBe(
      `# Agents\n\nRun npm test.\n${ADDED_TO_AGENTS.join('\n')}\n`,
    );
    expect(await readFile(join(repo, '.codex/skills/review/references/new.md'), 'utf8')).toBe(
      'old notes\nnew notes\n',
    );
    expect(existsSync(join(repo, '.codex/skills/review/references/old.md'))).toBe(false);
    expect(existsSync(join(repo, '.codex/skills/review/references/gone.md'))).toBe(false);
    expect(await readFile(join(repo, '.codex/skills/dates/SKILL.md'), 'utf8')).toBe(
      `${NEW_SKILL.join('\n')}\n`,
    );
  });

  it('logged no console errors', async () => {
    await page.context().close();
    expect(ui.errors).toEqual([]);
  });
});
