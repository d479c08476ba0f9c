import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import { makeGitRepo } from '../../test/helpers/git-repo.js';
import { type ModelServer, startModelServer } from '../../test/helpers/model-server.js';
import { openWorkspace, type Workspace } from '../workflows/workspace.js';
import { createApp } from './app.js';

/**
 * Workflows A, B and C through the HTTP API with every real part: the pinned `codex` CLI against the
 * project's model server, the session store on a copy of real rollouts, the job registry, a real git repo.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE_SESSIONS = join(ROOT, 'test/fixtures/codex-sessions/0.169.0/sessions');
/** A three-turn session (mock-model pass) that the fixture corpus also resumed and forked. */
const PARENT = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const TOKEN = 'e2e-token-0123456789abcdef';
const HOST = '127.0.0.1:5999';

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

const INSIGHT = {
  goal: 'Walk through a three-turn session',
  outcome: { status: 'achieved', summary: 'Every turn was answered.' },
  what_worked: [{ point: 'Short prompts', evidence: [{ quote: 'ok', entry: null }] }],
  friction: [],
  recommendations: [{ title: 'Pin TZ', detail: 'Say TZ=UTC in AGENTS.md', target: 'agents_md' }],
};

describe('workflows A, B and C through the API with the real codex CLI', () => {
  let model: ModelServer;
  let home: TempCodexHome;
  let repo: Awaited<ReturnType<typeof makeGitRepo>>;
  let state: string;
  let workspace: Workspace;
  let app: Hono;
  let parentPath: string;

  const call = (path: string, init: { method?: string; body?: unknown } = {}) =>
    app.request(`http://${HOST}${path}`, {
      method: init.method ?? 'GET',
      headers: { host: HOST, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  async function runJob(path: string, body: unknown): Promise<Record<string, string>> {
    const res = await call(path, { method: 'POST', body });
    expect(res.status, await res.clone().text()).toBe(202);
    const started = (await res.json()) as Record<string, string>;
    const record = await workspace.jobs.wait(started.job_id!);
    expect(record.status, JSON.stringify(record.error)).toBe('succeeded');
    return started;
  }

  beforeAll(async () => {
    model = await startModelServer((request) => {
      if (!request.hasSchema) return { kind: 'message', text: 'ok' };
      if (request.userText.includes('Improve the instructions this repository gives Codex')) {
        return {
          kind: 'json',
          value: { diff: DIFF, summary: 'Pin TZ for tests', files_touched: ['AGENTS.md'], safety_notes: [] },
        };
      }
      return { kind: 'json', value: INSIGHT };
    });
    home = await makeCodexHome({ modelServerUrl: model.url, copySessionsFrom: FIXTURE_SESSIONS });
    repo = await makeGitRepo({ 'AGENTS.md': AGENTS, 'README.md': '# app\n' });
    state = await mkdtemp(join(tmpdir(), 'retro-state-'));
    workspace = await openWorkspace({
      repo: repo.dir,
      cwd: repo.dir,
      env: {
        ...home.env,
        CODEX_RETRO_STATE_DIR: join(state, 'state'),
        CODEX_RETRO_CACHE_DIR: join(state, 'cache'),
      },
      codexHome: home.dir,
      codexBin: home.codexBin,
    });
    app = createApp({
      token: TOKEN,
      allowedHosts: () => [HOST],
      webRoot: null,
      sessions: workspace.sessions,
      jobs: workspace.jobs,
      workflows: workspace.orchestrator,
      status: async () => ({}),
    });
    parentPath = join(
      home.dir,
      'sessions/2026/11/22/rollout-2026-11-22T02-39-50-01a2011f-cb9a-7771-9de2-5d56ef3e5dd4.jsonl',
    );
  });

  afterAll(async () => {
    workspace?.close();
    await model?.close();
    await home?.cleanup();
    await repo?.cleanup();
    if (state) await rm(state, { recursive: true, force: true });
  });

  let insightId = '';
  let proposalId = '';
  let resumedProposalId = '';

  it('A (fork): writes insights without touching the original session', async () => {
    const before = await readFile(parentPath);
    const { insight_artifact_id, job_id } = await runJob('/codex/insights/run', { session_id: PARENT });
    insightId = insight_artifact_id!;
    expect(await readFile(parentPath)).toEqual(before);
    // The run record says what was asked and what Codex reported it ran with (the fork's turn_context).
    const record = JSON.parse(
      await readFile(join(repo.dir, '.codex-orchestrator', 'runs', `${job_id}.json`), 'utf8'),
    );
    expect(record).toMatchObject({
      sandbox: 'read-only',
      codex_reported: { sandbox_policy: 'read-only', approval_policy: 'never' },
    });
    expect(record.codex_reported.model).toEqual(expect.any(String));

    const stamp = insightId.split('~')[1];
    const dir = join(repo.dir, '.codex-orchestrator', 'insights', PARENT);
    expect(JSON.parse(await readFile(join(dir, `${stamp}.json`), 'utf8')).insights).toEqual(INSIGHT);
    expect(await readFile(join(dir, `${stamp}.md`), 'utf8')).toContain('# Insights');

    const list = (await (await call(`/codex/insights/${PARENT}`)).json()).items;
    expect(list.map((a: { artifact_id: string }) => a.artifact_id)).toContain(insightId);
    const artifact = await (await call(`/codex/insights/artifacts/${insightId}`)).json();
    expect(artifact).toMatchObject({
      artifact_id: insightId,
      session_id: PARENT,
      mode: 'fork',
      json: INSIGHT,
    });
    expect(artifact.codex_thread_id).not.toBe(PARENT);
    const schemaRequest = model.requests.find((r) => r.hasSchema);
    expect(schemaRequest?.userText).toContain('Look back at this Codex session');

    // The run is on record with its prompt, thread and command.
    const runRecord = JSON.parse(
      await readFile(join(repo.dir, '.codex-orchestrator', 'runs', `${artifact.job_id}.json`), 'utf8'),
    );
    expect(runRecord).toMatchObject({
      session_id: PARENT,
      mode: 'fork',
      codex_thread_id: artifact.codex_thread_id,
    });
    expect(runRecord.prompts[0]).toContain('Look back at this Codex session');

    // The fork codex-retro made is hidden from the session list unless asked for.
    const ids = async (query: string) =>
      ((await (await call(`/codex/sessions${query}`)).json()) as { items: { id: string }[] }).items.map(
        (row) => row.id,
      );
    expect(await ids('?limit=1000')).not.toContain(artifact.codex_thread_id);
    expect(await ids('?limit=1000&include_own=true')).toContain(artifact.codex_thread_id);

    // The finished job's event stream replays Codex's events and ends with the final status.
    const stream = await (await call(`/codex/jobs/${artifact.job_id}/events`)).text();
    expect(stream).toContain('"thread.started"');
    expect(stream).toContain('"artifact.written"');
    expect(stream.trimEnd().split('\n\n').at(-1)).toMatch(/^event: status\n.*"status":"succeeded"/s);
    const job = await (await call(`/codex/jobs/${artifact.job_id}?tail=3`)).json();
    expect(job.events).toHaveLength(3);
  });

  it("A (resume): continues the session in place; the turn it added is codex-retro's, not the person's", async () => {
    const summary = async () =>
      (
        (await (await call('/codex/sessions?limit=1000')).json()) as {
          items: { id: string; user_messages: number }[];
        }
      ).items.find((row) => row.id === PARENT);
    const typedBefore = (await summary())?.user_messages;
    const detailBefore = await (await call(`/codex/sessions/${PARENT}`)).json();
    const before = (await stat(parentPath)).size;
    const { insight_artifact_id, job_id } = await runJob('/codex/insights/run', {
      session_id: PARENT,
      mode: 'resume',
    });
    expect((await stat(parentPath)).size).toBeGreaterThan(before);
    const artifact = await (await call(`/codex/insights/artifacts/${insight_artifact_id}`)).json();
    expect(artifact).toMatchObject({ mode: 'resume', codex_thread_id: PARENT });

    // Codex recorded codex-retro's prompt as a user message in the person's rollout...
    const raw = await readFile(parentPath, 'utf8');
    expect(raw).toContain('Look back at this Codex session');
    // ...and every view says whose it is.
    expect(typedBefore).toBe(3);
    expect((await summary())?.user_messages).toBe(3);
    const detail = await (await call(`/codex/sessions/${PARENT}`)).json();
    expect(detail.metadata).toMatchObject({
      user_messages: 3,
      turns: detailBefore.metadata.turns,
      codex_retro_turns: 1,
    });
    const prompt = detail.messages.find((m: { author?: string }) => m.author === 'codex-retro');
    expect(prompt).toMatchObject({
      kind: 'context',
      role: 'user',
      codex_retro: { job_id, kind: 'insights' },
    });
    expect(prompt.content).toContain('Look back at this Codex session');
    const after = detail.messages.slice(detail.messages.indexOf(prompt) + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const entry of after) expect(entry.codex_retro).toEqual({ job_id, kind: 'insights' });
    expect(detail.turns.filter((t: { codex_retro?: unknown }) => t.codex_retro)).toHaveLength(1);
    const typed = detail.messages.filter(
      (m: { kind: string; role: string }) => m.kind === 'message' && m.role === 'user',
    );
    expect(typed.map((m: { content: string }) => m.content)).not.toContainEqual(
      expect.stringContaining('Look back at this Codex session'),
    );
  });

  it('B (fork and resume): saves a validated proposal whose checks the API shows', async () => {
    const before = await readFile(parentPath);
    const forked = await runJob('/codex/proposals/run', {
      session_id: PARENT,
      insight_artifact_id: insightId,
    });
    proposalId = forked.proposal_id!;
    expect(await readFile(parentPath)).toEqual(before);
    const view = await (await call(`/codex/proposals/${proposalId}`)).json();
    expect(view).toMatchObject({
      status: 'generated',
      diff: DIFF,
      summary: 'Pin TZ for tests',
      files_touched: ['AGENTS.md'],
    });
    expect(view.validation.ok).toBe(true);
    expect(view.validation.checks.length).toBeGreaterThan(3);
    expect(view).not.toHaveProperty('prompt');
    const proposalRequest = model.requests.findLast((r) => r.hasSchema);
    expect(proposalRequest?.userText).toContain('=== AGENTS.md ===');
    expect(proposalRequest?.userText).toContain('Run npm test.');

    const size = (await stat(parentPath)).size;
    const resumed = await runJob('/codex/proposals/run', {
      session_id: PARENT,
      insight_artifact_id: insightId,
      mode: 'resume',
    });
    resumedProposalId = resumed.proposal_id!;
    expect((await stat(parentPath)).size).toBeGreaterThan(size);
    const second = await (await call(`/codex/proposals/${resumedProposalId}`)).json();
    expect(second).toMatchObject({ status: 'generated', mode: 'resume', validation: { ok: true } });

    const listed = (await (await call(`/codex/proposals?session_id=${PARENT}`)).json()).items;
    expect(listed.map((p: { proposal_id: string }) => p.proposal_id).sort()).toEqual(
      [proposalId, resumedProposalId].sort(),
    );
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);
  });

  it('C: applies with confirmation exactly once, audits it, and shows the other proposal as stale', async () => {
    const refused = await call(`/codex/proposals/${proposalId}/apply`, {
      method: 'POST',
      body: { confirm: false },
    });
    expect(refused.status).toBe(400);
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);

    const [a, b] = await Promise.all([
      call(`/codex/proposals/${proposalId}/apply`, { method: 'POST', body: { confirm: true } }),
      call(`/codex/proposals/${proposalId}/apply`, { method: 'POST', body: { confirm: true } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect(await winner.json()).toEqual({ applied: true, files_changed: ['AGENTS.md'] });
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(`${AGENTS}\n${PROPOSED_LINE}\n`);

    const again = await call(`/codex/proposals/${proposalId}/apply`, {
      method: 'POST',
      body: { confirm: true },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'already_applied' });

    const meta = JSON.parse(
      await readFile(join(repo.dir, '.codex-orchestrator', 'proposals', proposalId, 'meta.json'), 'utf8'),
    );
    expect(meta.status).toBe('applied');
    expect(meta.applied_at).toEqual(expect.any(String));
    expect(meta.files_changed.map((f: { path: string }) => f.path)).toEqual(['AGENTS.md']);
    expect(meta.audit.map((e: { action: string }) => e.action)).toContain('applied');

    const view = await (await call(`/codex/proposals/${proposalId}`)).json();
    expect(view).toMatchObject({ status: 'applied', applied_at: meta.applied_at });
    const stale = await (await call(`/codex/proposals/${resumedProposalId}`)).json();
    expect(stale.validation.ok).toBe(false);

    const reverted = await call(`/codex/proposals/${proposalId}/revert`, {
      method: 'POST',
      body: { confirm: true },
    });
    expect(reverted.status).toBe(200);
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);
  });
});
