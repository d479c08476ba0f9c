import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GitRepo, makeGitRepo } from '../../test/helpers/git-repo.js';
import { codexAnswered, makeTestServer, SESSION_ID } from '../../test/helpers/server.js';
import type { RunCodex } from '../workflows/deps.js';

/**
 * One status per proposal, derived once on the server: the list and the review say the same word, a diff
 * that fails a check is "invalid" (not "generated"), one whose files moved is "stale", a reverted one can be
 * applied again; and the run's settings and path opt-ins are what the record says.
 */
const AGENTS = '# Agents\n\nRun npm test.\n';
const EDIT = `--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ -1,3 +1,4 @@\n # Agents\n \n Run npm test.\n+Tests need TZ=UTC.\n`;
const DOCS = `--- /dev/null\n+++ b/docs/codex.md\n@@ -0,0 +1 @@\n+How we use Codex.\n`;
const SUBTREE = `--- /dev/null\n+++ b/web/AGENTS.md\n@@ -0,0 +1 @@\n+Run vite.\n`;
const INSIGHT = {
  goal: 'g',
  outcome: { status: 'achieved', summary: 's' },
  what_worked: [],
  friction: [],
  recommendations: [],
};

type Call = Parameters<RunCodex>[0];

function codexAnswering(calls: Call[], diff: () => string): RunCodex {
  return (async (options: Call) => {
    calls.push(options);
    const answer = options.prompt.includes('Improve the instructions')
      ? { diff: diff(), summary: 'change', files_touched: [], safety_notes: [] }
      : INSIGHT;
    return codexAnswered('019a9999-0000-7000-8000-0000000000aa', answer);
  }) as RunCodex;
}

describe('proposal status through the API', () => {
  let repo: GitRepo;
  let diff = EDIT;
  const calls: Call[] = [];
  let server: ReturnType<typeof makeTestServer>;
  let insight = '';

  const post = (path: string, body: unknown) =>
    server.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  const get = async (path: string) => (await server.request(path)).json();

  async function propose(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await post('/codex/proposals/run', {
      session_id: SESSION_ID,
      insight_artifact_id: insight,
      ...extra,
    });
    expect(res.status).toBe(202);
    const started = await res.json();
    await server.jobs.wait(started.job_id);
    return started.proposal_id;
  }

  /** The status the review shows and the one the list shows, which must be one. */
  async function statusOf(id: string): Promise<string> {
    const view = await get(`/codex/proposals/${id}`);
    const listed = (await get(`/codex/proposals?session_id=${SESSION_ID}`)).items.find(
      (item: { proposal_id: string }) => item.proposal_id === id,
    );
    expect(listed.status).toBe(view.status);
    expect(listed.can_apply).toBe(view.can_apply);
    return view.status;
  }

  beforeEach(async () => {
    repo = makeGitRepo({ 'AGENTS.md': AGENTS, 'web/index.html': '<p>\n' });
    calls.length = 0;
    diff = EDIT;
    server = makeTestServer({ repoRoot: repo.dir, runCodex: codexAnswering(calls, () => diff) });
    const started = await (await post('/codex/insights/run', { session_id: SESSION_ID })).json();
    await server.jobs.wait(started.job_id);
    insight = started.insight_artifact_id;
  });
  afterEach(() => repo.cleanup());

  it('goes generated → applied → reverted → applied again, the same in the list and the review', async () => {
    const id = await propose();
    expect(await statusOf(id)).toBe('generated');
    expect((await post(`/codex/proposals/${id}/apply`, { confirm: true })).status).toBe(200);
    expect(await statusOf(id)).toBe('applied');
    expect((await get(`/codex/proposals/${id}`)).can_revert).toBe(true);
    expect((await post(`/codex/proposals/${id}/revert`, { confirm: true })).status).toBe(200);
    expect(await statusOf(id)).toBe('reverted');
    expect((await get(`/codex/proposals/${id}`)).can_apply).toBe(true);
    expect((await post(`/codex/proposals/${id}/apply`, { confirm: true })).status).toBe(200);
    expect(await statusOf(id)).toBe('applied');
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(`${AGENTS}Tests need TZ=UTC.\n`);
  });

  it('calls a proposal whose files changed since "stale" and one that fails a check "invalid"', async () => {
    const id = await propose();
    await writeFile(join(repo.dir, 'AGENTS.md'), `${AGENTS}Edited by hand.\n`);
    expect(await statusOf(id)).toBe('stale');
    diff = DOCS;
    const invalid = await propose();
    expect(await statusOf(invalid)).toBe('invalid');
    const view = await get(`/codex/proposals/${invalid}`);
    expect(view.can_apply).toBe(false);
    const apply = await post(`/codex/proposals/${invalid}/apply`, { confirm: true });
    expect(apply.status).toBe(422);
    // One check failed; those that could not run because of it are not counted as failures.
    expect((await apply.json()).message).toMatch(/^The proposal failed 1 check: .*docs\/codex\.md/);
    const notPassed = view.validation.checks.filter((c: { ok: boolean }) => !c.ok);
    expect(notPassed.length).toBeGreaterThan(1);
  });

  it('calls an empty answer "no_change", and it cannot be applied', async () => {
    diff = '';
    const id = await propose();
    expect(await statusOf(id)).toBe('no_change');
    expect((await get(`/codex/proposals/${id}`)).can_apply).toBe(false);
  });

  it('records the opt-ins chosen for one proposal, and they let exactly those paths change', async () => {
    diff = DOCS;
    const docs = await propose({ allow_paths: ['docs/'], model: 'gpt-5.5', approval: 'never' });
    expect(await statusOf(docs)).toBe('generated');
    const view = await get(`/codex/proposals/${docs}`);
    expect(view.options).toEqual({ allow_subtree_agents: false, allow_paths: ['docs/'] });
    expect(view.model).toBe('gpt-5.5');
    const call = calls.at(-1)!;
    expect(call).toMatchObject({ sandbox: 'read-only', model: 'gpt-5.5', approval: 'never' });
    expect(call.prompt).toContain('`docs/` (files in this folder), which the person allowed');

    diff = SUBTREE;
    expect(await statusOf(await propose({ allow_paths: ['docs/'] }))).toBe('invalid');
    expect(await statusOf(await propose({ allow_subtree_agents: true }))).toBe('generated');
  });

  it('refuses an unsafe opt-in, an approval codex exec cannot honour, and a sandbox above read-only', async () => {
    const run = (extra: Record<string, unknown>) =>
      post('/codex/proposals/run', { session_id: SESSION_ID, insight_artifact_id: insight, ...extra });
    const env = await run({ allow_paths: ['.env'] });
    expect(env.status).toBe(400);
    expect(await env.json()).toMatchObject({ code: 'invalid_allow_path' });
    const outside = await run({ allow_paths: ['../elsewhere/'] });
    expect(await outside.json()).toMatchObject({ code: 'invalid_allow_path' });
    const approval = await run({ approval: 'on-request' });
    expect(approval.status).toBe(400);
    expect(await approval.json()).toMatchObject({ code: 'approval_not_supported' });
    expect((await run({ sandbox: 'workspace-write' })).status).toBe(403);
    expect(calls.filter((call) => call.prompt.includes('Improve the instructions'))).toHaveLength(0);
  });
});
