import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openUiEnvironment, shoot, type UiEnvironment } from './harness.js';
import { writeRollout } from './rollouts.js';

/**
 * The whole loop a person goes through, in Chromium against the real server, the real codex CLI and the
 * project's model server: find a session, run insights (fork), generate a diff, review it, apply it.
 */
const PARENT = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const PARENT_FILE =
  'sessions/2026/11/22/rollout-2026-11-22T02-39-50-01a2011f-cb9a-7771-9de2-5d56ef3e5dd4.jsonl';
const SEARCHED = '01a30000-0000-7000-8000-0000000000a1';
const AGENTS = '# Agents\n\nRun npm test.\n';
const PROPOSED_LINE = 'Run tests with TZ=UTC; date tests fail in other time zones.';
const DIFF = `diff --git a/AGENTS.md b/AGENTS.md
--- a/AGENTS.md
+++ b/AGENTS.md
@@ -1,3 +1,5 @@
 # Agents
 
 Run npm test.
+
+${PROPOSED_LINE}
`;
const GOOD = {
  diff: DIFF,
  summary: 'Pin TZ for tests',
  files_touched: ['AGENTS.md'],
  safety_notes: ['Only AGENTS.md changes'],
};
const HOSTILE = [
  {
    name: 'env',
    answer: {
      diff: 'diff --git a/.env b/.env\nnew file mode 100644\n--- /dev/null\n+++ b/.env\n@@ -0,0 +1 @@\n+API_KEY=hunter2\n',
      summary: 'Store the key in .env',
      files_touched: ['.env'],
      safety_notes: [],
    },
  },
  {
    name: 'traversal',
    answer: {
      diff: '--- a/../x\n+++ b/../x\n@@ -0,0 +1 @@\n+escaped\n',
      summary: 'Write next to the repository',
      files_touched: ['../x'],
      safety_notes: [],
    },
  },
];
const INSIGHT = {
  goal: 'Walk through a three-turn session',
  outcome: { status: 'achieved', summary: 'Every turn was answered.' },
  what_worked: [{ point: 'Short prompts kept turns fast', evidence: [{ quote: 'ok', entry: null }] }],
  friction: [
    {
      point:
        'The log quoted <img src=x onerror="alert(1)"> and [a link](javascript:alert(2)); see [the docs](https://example.test/docs).',
      evidence: [],
    },
  ],
  recommendations: [{ title: 'Pin TZ', detail: 'Say TZ=UTC in AGENTS.md', target: 'agents_md' }],
};

describe('the web UI in Chromium against the real server', () => {
  let ui: UiEnvironment;
  let page: Page;
  let proposalAnswer: unknown = GOOD;
  let modelFails = false;
  let modelStalls = false;

  beforeAll(async () => {
    ui = await openUiEnvironment({
      script: (request) => {
        if (modelFails)
          return { kind: 'http_error', status: 400, message: 'The model refused this request.' };
        if (modelStalls) {
          // biome-ignore lint/suspicious/noThenProperty: `then` is the model server's name for the delayed reply
          return { kind: 'slow', delayMs: 60_000, then: { kind: 'message', text: 'late' } };
        }
        if (!request.hasSchema) return { kind: 'message', text: 'ok' };
        if (request.userText.includes('Improve the instructions this repository gives Codex')) {
          return { kind: 'json', value: proposalAnswer };
        }
        return { kind: 'json', value: INSIGHT };
      },
      repoFiles: { 'AGENTS.md': AGENTS, '.codex/skills/review/SKILL.md': '---\nname: review\n---\n' },
      prepareHome: async (codexHome) => {
        await writeRollout(codexHome, {
          id: SEARCHED,
          startedAt: new Date('2026-11-20T09:00:00Z'),
          cwd: '/home/dev/work/shop',
          items: [
            { kind: 'user', text: 'Why does the deploy fail?' },
            {
              kind: 'shell',
              command: 'tail -n 1 deploy.log',
              output: 'stage 3: quokka-overflow',
              exitCode: 2,
            },
            { kind: 'assistant', text: 'Stage 3 of the deploy fails; the log says why.' },
          ],
        });
      },
    });
    ({ page } = await ui.openPage({ viewport: { width: 1280, height: 800 } }));
  });

  afterAll(async () => {
    await ui?.close();
  });

  const optionCount = () => page.locator('.list-wrap [role="option"]').count();

  it('finds a session by a word only its tool output holds, and opens it at its own address', async () => {
    expect(new URL(page.url()).search).toBe('');
    await page.locator('[role="option"]').first().waitFor();
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Search sessions');
    await page.keyboard.type('quokka');
    await expect.poll(optionCount).toBe(1);
    const row = page.locator('[role="option"]');
    await expect.poll(() => row.textContent()).toContain('Why does the deploy fail?');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // A search hit opens the session at the entry that holds it (?entry=<rollout line>).
    await page.waitForURL((url) => url.pathname.endsWith(`/s/${SEARCHED}`));
    expect(new URL(page.url()).searchParams.get('entry')).toMatch(/^\d+$/);
    expect(await row.getAttribute('aria-selected')).toBe('true');
    const output = page.locator('[data-kind="tool_output"]');
    await expect.poll(() => output.textContent()).toContain('stage 3: quokka-overflow');
    expect(await output.locator('.exit').textContent()).toBe('exit 2');
    expect(await output.locator('.exit').getAttribute('class')).toContain('bad');
    await shoot(page, '01-search-and-select');
  });

  it('moves through sessions with the keyboard; back and forward return to each one', async () => {
    await page.getByLabel('Search sessions').fill('');
    await expect.poll(optionCount).toBeGreaterThan(5);
    await page.locator('.transcript-head h2').click();
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.startsWith('/s/') && !url.pathname.endsWith(SEARCHED));
    const second = new URL(page.url()).pathname;
    await expect.poll(() => page.locator('[role="option"][aria-selected="true"]').count()).toBe(1);
    await page.goBack();
    await page.waitForURL((url) => url.pathname.endsWith(`/s/${SEARCHED}`));
    await expect
      .poll(() => page.locator('.transcript-head h2').textContent())
      .toBe('Why does the deploy fail?');
    await page.goForward();
    await page.waitForURL((url) => url.pathname === second);
  });

  it('runs insights in fork mode, leaves the session as it was, and renders the result', async () => {
    const parentPath = join(ui.home.dir, PARENT_FILE);
    const before = await readFile(parentPath);
    await page.goto(`${ui.served.base}/s/${PARENT}`);
    const fork = page.getByRole('radio', { name: /Fork/ });
    expect(await fork.isChecked()).toBe(true);
    expect(await page.locator('.mode-choice').textContent()).toContain('the original is left unchanged');
    await expect
      .poll(() => page.getByLabel('Insights prompt').inputValue())
      .toContain('Look back at this Codex session');
    await page.getByRole('button', { name: 'Run insights (fork)' }).click();
    const result = page.locator('.insight-result');
    await result.waitFor({ timeout: 60_000 });
    await expect.poll(() => result.textContent()).toContain(INSIGHT.goal);
    expect(await result.locator('h3').allTextContents()).toEqual([
      'Goal',
      'Outcome: Achieved',
      'What worked',
      'Friction',
      'Recommendations',
    ]);
    // Model text is shown, never run: raw HTML stays text, script links lose their href, links open beside the app.
    expect(await result.textContent()).toContain('<img src=x onerror="alert(1)">');
    expect(await result.locator('img, script').count()).toBe(0);
    expect(await result.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await result.locator('a[href="https://example.test/docs"]').getAttribute('target')).toBe('_blank');
    expect(await page.locator('.job .badge').first().textContent()).toContain('Done');
    expect(await readFile(parentPath)).toEqual(before);
    await shoot(page, '02-insights');
  });

  /** Generates a proposal from the session's panel and opens its full-width review; returns its id. */
  async function generate(): Promise<string> {
    await backToSession();
    await page.getByRole('button', { name: 'Generate diff (fork)' }).click();
    await page.getByRole('button', { name: 'Generating…' }).waitFor({ state: 'detached', timeout: 60_000 });
    const ready = page.locator('.proposal-ready');
    await ready.waitFor({ timeout: 60_000 });
    const id = (await ready.getAttribute('data-proposal-id')) ?? '';
    await ready.getByRole('button', { name: 'Review the proposal' }).click();
    await page.locator(`.review[data-proposal-id="${id}"][data-status]`).waitFor();
    return id;
  }

  async function backToSession(): Promise<void> {
    const back = page.getByRole('link', { name: '← Back to the session' });
    if (await back.isVisible()) await back.click();
  }

  async function openProposal(id: string): Promise<void> {
    await backToSession();
    await page.locator(`.pick[data-proposal-id="${id}"]`).click();
    await page.locator(`.review[data-proposal-id="${id}"][data-status]`).waitFor();
  }

  let first = '';
  let second = '';

  it('generates a diff and shows it with its summary, files and checks', async () => {
    first = await generate();
    const proposal = page.locator(`.review[data-proposal-id="${first}"]`);
    expect(await proposal.getAttribute('data-status')).toBe('generated');
    expect(await proposal.locator('.badge.status-generated').textContent()).toBe('Proposal generated');
    expect(await proposal.locator('#review-title').textContent()).toBe('Pin TZ for tests');
    expect(await proposal.locator('.diff-path').textContent()).toBe('AGENTS.md');
    expect(await proposal.locator('.hunk-head').first().textContent()).toContain('@@ -1,3 +1,5 @@');
    expect(await proposal.locator('.dl.add').last().textContent()).toContain(PROPOSED_LINE);
    expect(await proposal.locator('.checks-count').textContent()).toMatch(/^All \d+ passed$/);
    expect(await proposal.locator('.check-list li.passed').count()).toBeGreaterThan(2);
    expect(await proposal.locator('.check-list li.failed').count()).toBe(0);
    expect(await proposal.locator('.check-list li.passed .mark').first().textContent()).toBe('✓');
    await proposal.getByText('Side by side', { exact: true }).click();
    expect(await proposal.locator('.diff-table.split').count()).toBe(1);
    await shoot(page, '03-proposal');
    // A second proposal of the same change, to be left behind when the first is applied.
    second = await generate();
    expect(second).not.toBe(first);
  });

  it('applies a proposal only after review and a confirmation naming its files, and records it', async () => {
    await openProposal(first);
    const proposal = page.locator(`.review[data-proposal-id="${first}"]`);
    const approve = proposal.getByRole('button', { name: 'Approve & apply' });
    expect(await approve.isDisabled()).toBe(true);
    await proposal.getByLabel('I reviewed this diff').check();
    expect(await approve.isEnabled()).toBe(true);
    await approve.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('AGENTS.md');
    await shoot(page, '04-confirm');
    expect(await readFile(join(ui.repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);
    await dialog.getByRole('button', { name: 'Apply to 1 file' }).click();

    const applied = proposal.locator('.applied');
    await applied.waitFor();
    expect(await applied.textContent()).toMatch(/Applied at .* — files: AGENTS\.md/);
    expect(await proposal.getByRole('button', { name: 'Revert' }).isVisible()).toBe(true);
    expect(await proposal.locator('.badge.status-generated').count()).toBe(0);
    await shoot(page, '05-applied');

    expect(await readFile(join(ui.repo.dir, 'AGENTS.md'), 'utf8')).toBe(`${AGENTS}\n${PROPOSED_LINE}\n`);
    const meta = JSON.parse(
      await readFile(join(ui.repo.dir, '.codex-orchestrator', 'proposals', first, 'meta.json'), 'utf8'),
    );
    expect(meta.status).toBe('applied');
    expect(meta.applied_at).toEqual(expect.any(String));
    expect(meta.files_changed.map((f: { path: string }) => f.path)).toEqual(['AGENTS.md']);
    expect(meta.audit.map((e: { action: string }) => e.action)).toContain('applied');
  });

  it('shows a proposal made before the tree changed as stale, with the next step, and no way to apply it', async () => {
    await openProposal(second);
    const proposal = page.locator(`.review[data-proposal-id="${second}"]`);
    expect(await proposal.getAttribute('data-status')).toBe('stale');
    expect(await proposal.locator('.badge.status-stale').textContent()).toBe('Stale');
    expect(await proposal.locator('.status-note').textContent()).toContain('Generate a new diff');
    expect(await proposal.locator('.check-list li.failed[data-check="fresh"]').count()).toBe(1);
    expect(await proposal.getByRole('button', { name: 'Approve & apply' }).isDisabled()).toBe(true);
    await shoot(page, '06-stale');
  });

  it('reverts an applied proposal after confirmation', async () => {
    await openProposal(first);
    const proposal = page.locator(`.review[data-proposal-id="${first}"]`);
    await proposal.getByRole('button', { name: 'Revert' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('AGENTS.md');
    await dialog.getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => proposal.getAttribute('data-status')).toBe('reverted');
    expect(await proposal.textContent()).toContain('Reverted');
    expect(await proposal.locator('.applied').count()).toBe(0);
    expect(await readFile(join(ui.repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);
  });

  it.each(HOSTILE)(
    'keeps Approve disabled for a hostile diff ($name) and shows the failed check',
    async ({ name, answer }) => {
      proposalAnswer = answer;
      const id = await generate();
      const proposal = page.locator(`.review[data-proposal-id="${id}"]`);
      expect(await proposal.locator('#review-title').textContent()).toBe(answer.summary);
      expect(await proposal.getAttribute('data-status')).toBe('invalid');
      const failed = proposal.locator('.check-list li.failed');
      await failed.first().waitFor();
      expect(await failed.count()).toBeGreaterThan(0);
      expect(await proposal.getByRole('button', { name: 'Approve & apply' }).isDisabled()).toBe(true);
      expect(await proposal.getByLabel('I reviewed this diff').isDisabled()).toBe(true);
      expect(await proposal.locator('.badge').first().textContent()).toBe('Invalid');
      expect(await proposal.locator('.badge.status-generated').count()).toBe(0);
      await shoot(page, `07-hostile-${name}`);
      expect(existsSync(join(ui.repo.dir, '.env'))).toBe(false);
      expect(existsSync(join(ui.repo.outside, 'x'))).toBe(false);
    },
  );

  it("warns before a resume, then shows the turn it added as codex-retro's once the job ends", async () => {
    const parentPath = join(ui.home.dir, PARENT_FILE);
    const before = (await readFile(parentPath)).length;
    await page.goto(`${ui.served.base}/s/${PARENT}`);
    await page.getByRole('radio', { name: /Resume/ }).check();
    await expect
      .poll(() => page.getByLabel('Insights prompt').inputValue())
      .toContain('Look back at this Codex session');
    const run = page.getByRole('button', { name: 'Run insights (resume)' });
    await run.click();
    const dialog = page.getByRole('dialog', { name: 'Resume this session?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('not counted as yours');
    await shoot(page, '09-resume-warning');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.job').count()).toBe(0);
    expect((await readFile(parentPath)).length).toBe(before);

    await run.click();
    await dialog.getByRole('button', { name: 'Resume it' }).click();
    await page.locator('.insight-result').waitFor({ timeout: 60_000 });
    expect((await readFile(parentPath)).length).toBeGreaterThan(before);
    // The transcript is read again when the job ends: the new turn is there, and it is codex-retro's.
    await expect
      .poll(() => page.locator('.transcript-head').textContent(), { timeout: 30_000 })
      .toContain('codex-retro resumed this session');
    const transcript = page.getByTestId('transcript');
    await expect
      .poll(async () => {
        await transcript.evaluate((el) => {
          el.scrollTop = el.scrollHeight;
        });
        return page.locator('.entry.codex-retro').count();
      })
      .toBeGreaterThan(0);
    expect(await page.locator('.codex-retro-badge').first().textContent()).toContain(
      'codex-retro insights run',
    );
    const youBubbles = page.locator('.entry.kind-message.role-user', {
      hasText: 'Look back at this Codex session',
    });
    expect(await youBubbles.count()).toBe(0);
    expect(await page.locator('.entry.author-codex-retro .entry-label').first().textContent()).toBe(
      'codex-retro',
    );
    await shoot(page, '10-resumed-turn');
    await page.getByRole('radio', { name: /Fork/ }).check();
  });

  it("hides codex-retro's own Codex runs unless asked to show them", async () => {
    await backToSession();
    const status = page.locator('.list-status');
    const count = async () => Number((await status.textContent())?.replace(/\D/g, ''));
    await expect.poll(count).toBe(21);
    await page.getByLabel('Hide codex-retro runs').uncheck();
    // Every insights and proposal run so far forked a session of its own.
    await expect.poll(count).toBeGreaterThanOrEqual(21 + 4);
    await page.getByLabel('Hide codex-retro runs').check();
    await expect.poll(count).toBe(21);
  });

  it('narrows the list to one project directory, suggesting the ones it has seen', async () => {
    const suggestions = await page
      .locator('#project-suggestions option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(suggestions).toEqual(expect.arrayContaining(['/home/dev/work/demo-repo', '/home/dev/work/shop']));
    const project = page.getByLabel('Filter by project directory');
    await project.fill('/home/dev/work/shop');
    await expect.poll(optionCount).toBe(1);
    expect(await page.locator('.list-wrap [role="option"]').textContent()).toContain(
      'Why does the deploy fail?',
    );
    // The open session is filtered out of the list, and stays in sight above it.
    expect(await page.getByRole('listbox', { name: 'Open session' }).textContent()).toContain('First turn');
    await project.fill('');
    await expect.poll(optionCount).toBeGreaterThan(5);
  });

  it('cancels a running job from its progress panel', async () => {
    modelStalls = true;
    await page.getByRole('button', { name: 'Run insights (fork)' }).click();
    const badge = page.locator('.job .badge').first();
    await expect.poll(() => badge.textContent(), { timeout: 30_000 }).toContain('Running');
    await page.locator('.job').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => badge.textContent(), { timeout: 30_000 }).toContain('Cancelled');
    expect(await page.locator('.job .notice.error strong').textContent()).toBe('Insights cancelled');
    expect(await page.getByRole('button', { name: 'Run insights (fork)' }).isEnabled()).toBe(true);
    modelStalls = false;
  });

  it('says what went wrong and what to do when a job fails', async () => {
    modelFails = true;
    await page.getByRole('button', { name: 'Run insights (fork)' }).click();
    const badge = page.locator('.job .badge').first();
    await expect.poll(() => badge.textContent(), { timeout: 60_000 }).toContain('Failed');
    const alert = page.locator('.job .notice.error');
    expect(await alert.textContent()).toContain('Insights failed');
    expect(await alert.textContent()).toContain('The model refused this request.');
    await shoot(page, '08-failed-job');
    modelFails = false;
  });

  it('logged no console errors on any page', async () => {
    await page.context().close();
    expect(ui.errors).toEqual([]);
  });
});
