import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitRepo, makeGitRepo } from '../../test/helpers/git-repo.js';
import { codexAnswered, makeTestServer, SECRET, SESSION_ID } from '../../test/helpers/server.js';
import { RetroError } from '../errors.js';
import type { RunCodex } from '../workflows/deps.js';

const THREAD = '019a9999-0000-7000-8000-0000000000aa';
const AGENTS = '# Agents\n\nRun npm test.\n';
const GOOD_DIFF = `--- a/AGENTS.md
+++ b/AGENTS.md
@@ -1,3 +1,4 @@
 # Agents
 
 Run npm test.
+Tests need TZ=UTC.
`;
const HOSTILE_DIFF = `--- /dev/null
+++ b/.env
@@ -0,0 +1 @@
+TOKEN=x
`;

const insight = {
  goal: 'g',
  outcome: { status: 'achieved', summary: 's' },
  what_worked: [],
  friction: [],
  recommendations: [],
};

/** Answers insights first, then whatever `proposal` says; records every prompt. */
function scriptedCodex(prompts: string[], proposal: () => unknown): RunCodex {
  return (async (options: Parameters<RunCodex>[0]) => {
    prompts.push(options.prompt);
    if (options.sandbox !== 'read-only') throw new Error('proposal runs must be read-only');
    const answer = options.prompt.includes('Improve the instructions') ? proposal() : insight;
    return codexAnswered(THREAD, answer);
  }) as RunCodex;
}

describe('workflows B and C through the API (fake runner, real git)', () => {
  let repo: GitRepo;
  beforeEach(() => {
    repo = makeGitRepo({
      'AGENTS.md': AGENTS,
      '.codex/skills/dates/SKILL.md': '---\nname: dates\ndescription: d\n---\nUse UTC.\n',
    });
  });
  afterEach(() => repo.cleanup());

  async function generate(server: ReturnType<typeof makeTestServer>, body: Record<string, unknown> = {}) {
    const post = (path: string, b: unknown) =>
      server.request(path, {
        method: 'POST',
        body: JSON.stringify(b),
        headers: { 'content-type': 'application/json' },
      });
    const insights = await (await post('/codex/insights/run', { session_id: SESSION_ID })).json();
    await server.jobs.wait(insights.job_id);
    const res = await post('/codex/proposals/run', {
      session_id: SESSION_ID,
      insight_artifact_id: insights.insight_artifact_id,
      ...body,
    });
    expect(res.status).toBe(202);
    const started = await res.json();
    const placeholder = await (await server.request(`/codex/proposals/${started.proposal_id}`)).json();
    expect(['generating', 'generated']).toContain(placeholder.status);
    await server.jobs.wait(started.job_id);
    return { ...started, insight: insights.insight_artifact_id as string };
  }

  it('shows the repository files and the insights to Codex, then applies only after confirmation', async () => {
    const prompts: string[] = [];
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: scriptedCodex(prompts, () => ({
        diff: GOOD_DIFF,
        summary: 'Pin TZ',
        files_touched: ['AGENTS.md'],
        safety_notes: [],
      })),
    });
    const { proposal_id } = await generate(server, { prompt: 'Keep it to one line.' });
    const prompt = prompts[1]!;
    expect(prompt).toContain('=== AGENTS.md ===\n# Agents');
    expect(prompt).toContain('=== .codex/skills/dates/SKILL.md ===');
    expect(prompt).toContain('<insights>\n# Insights');
    expect(prompt).toContain('Keep it to one line.');
    expect(prompt).toContain('"summary": "no change needed"');
    expect(prompt).not.toContain(SECRET);

    const view = await (await server.request(`/codex/proposals/${proposal_id}`)).json();
    expect(view).toMatchObject({
      status: 'generated',
      summary: 'Pin TZ',
      files_touched: ['AGENTS.md'],
      codex_thread_id: THREAD,
      effect: null,
    });
    expect(view.validation.ok).toBe(true);

    const apply = (confirm: boolean) =>
      server.request(`/codex/proposals/${proposal_id}/apply`, {
        method: 'POST',
        body: JSON.stringify({ confirm }),
        headers: { 'content-type': 'application/json' },
      });
    const unconfirmed = await apply(false);
    expect(unconfirmed.status).toBe(400);
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);
    const applied = await apply(true);
    expect(await applied.json()).toEqual({ applied: true, files_changed: ['AGENTS.md'] });
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(`${AGENTS}Tests need TZ=UTC.\n`);
    expect((await apply(true)).status).toBe(409);

    const list = (await (await server.request(`/codex/proposals?session_id=${SESSION_ID}`)).json()).items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ proposal_id, status: 'applied' });
    expect(list[0]).not.toHaveProperty('diff');
    // Applied a moment ago: its one session is from before, none since yet.
    expect(list[0].effect).toMatchObject({
      verdict: 'not_enough_sessions',
      after: { sessions: 0 },
      summary: expect.stringMatching(/^since applied: 0 sessions — not enough sessions yet/),
    });
    const one = await (await server.request(`/codex/proposals/${proposal_id}`)).json();
    expect(one.effect).toEqual({
      ...list[0].effect,
      after: { ...list[0].effect.after, to: expect.any(String) },
    });
  });

  it('refuses to apply a hostile diff and shows the failed check; the tree is unchanged', async () => {
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: scriptedCodex([], () => ({
        diff: HOSTILE_DIFF,
        summary: 'add env',
        files_touched: ['.env'],
        safety_notes: [],
      })),
    });
    const { proposal_id } = await generate(server);
    const before = repo.snapshot({ ignore: ['.codex-orchestrator'] });
    const view = await (await server.request(`/codex/proposals/${proposal_id}`)).json();
    expect(view.validation.ok).toBe(false);
    expect(view.validation.checks.some((c: { ok: boolean }) => !c.ok)).toBe(true);
    const res = await server.request(`/codex/proposals/${proposal_id}/apply`, {
      method: 'POST',
      body: JSON.stringify({ confirm: true }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(422);
    const refusal = await res.json();
    expect(refusal).toMatchObject({ code: 'validation_failed' });
    // The refusal names its reasons by check id, as the review does; a check that could not run because of
    // them is not a reason of its own.
    type Row = { id: string; ok: boolean; details?: { skipped?: boolean } };
    const failed = (checks: Row[]) => checks.filter((c) => !c.ok && !c.details?.skipped).map((c) => c.id);
    expect(failed(refusal.details.checks)).toEqual(['path_denylist', 'path_allowed']);
    expect(refusal.details.checks).toHaveLength(2);
    expect(failed(refusal.details.checks)).toEqual(failed(view.validation.checks));
    expect(repo.snapshot({ ignore: ['.codex-orchestrator'] })).toEqual(before);
  });

  it('records an empty diff as no change, and a failed run as a failed proposal', async () => {
    const empty = makeTestServer({
      repoRoot: repo.dir,
      runCodex: scriptedCodex([], () => ({
        diff: '',
        summary: 'no change needed',
        files_touched: [],
        safety_notes: [],
      })),
    });
    const none = await generate(empty);
    expect(await (await empty.request(`/codex/proposals/${none.proposal_id}`)).json()).toMatchObject({
      status: 'no_change',
      summary: 'no change needed',
    });

    const failing = makeTestServer({
      repoRoot: repo.dir,
      runCodex: scriptedCodex([], () => {
        throw new RetroError('codex_model_error', 'The model answered HTTP 500: try again later.');
      }),
    });
    const failed = await generate(failing);
    // Said by the time the job ends, so a page that reloads the proposal then never sees "generating".
    const view = await (await failing.request(`/codex/proposals/${failed.proposal_id}`)).json();
    expect(view).toMatchObject({ status: 'failed', error: { code: 'codex_model_error' } });
  });

  it('refuses insights of another session', async () => {
    const server = makeTestServer({ repoRoot: repo.dir, runCodex: scriptedCodex([], () => ({})) });
    const res = await server.request('/codex/proposals/run', {
      method: 'POST',
      body: JSON.stringify({
        session_id: SESSION_ID,
        insight_artifact_id: '019a0000-0000-7000-8000-000000000001~20261122T030000000Z',
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'insight_mismatch' });
  });
});
