import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  codexAnswered,
  makeTempRepo,
  makeTestServer,
  SECRET,
  SESSION_ID,
} from '../../test/helpers/server.js';
import type { InsightAnswer } from '../insights/schema.js';
import type { RunCodex } from '../workflows/deps.js';

const FORK_ID = '019a9999-0000-7000-8000-000000000042';

const answer: InsightAnswer = {
  goal: 'Make the date test pass',
  outcome: { status: 'achieved', summary: `Passed after setting TZ; the log showed ${SECRET}` },
  what_worked: [],
  friction: [
    {
      point: 'Tests ran without TZ',
      evidence: [
        { quote: 'npm test failed', entry: 3 },
        { quote: 'x', entry: 999 },
      ],
    },
  ],
  recommendations: [{ title: 'Pin TZ', detail: 'Add TZ=UTC to AGENTS.md', target: 'agents_md' }],
};

function fakeCodex(calls: unknown[], reply: () => unknown): RunCodex {
  return (async (options: Parameters<RunCodex>[0]) => {
    calls.push(options);
    options.onEvent?.({ type: 'thread.started', thread_id: FORK_ID });
    options.onEvent?.({
      type: 'item.completed',
      item: { id: 'i1', type: 'command_execution', text: `echo ${SECRET}` },
    });
    return codexAnswered(FORK_ID, reply(), {
      lastMessage: JSON.stringify(reply()),
      command: ['codex', 'exec', 'fork', SESSION_ID],
    });
  }) as RunCodex;
}

describe('workflow A through the API (fake runner)', () => {
  let repo: Awaited<ReturnType<typeof makeTempRepo>>;
  beforeEach(async () => {
    repo = await makeTempRepo();
  });
  afterEach(() => repo.cleanup());

  it('runs insights in the workspace-write sandbox only on a server started to allow it', async () => {
    const calls: Parameters<RunCodex>[0][] = [];
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: fakeCodex(calls as unknown[], () => answer),
      allowWriteSandbox: true,
    });
    const res = await server.request('/codex/insights/run', {
      method: 'POST',
      body: JSON.stringify({ session_id: SESSION_ID, sandbox: 'workspace-write' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const record = await server.jobs.wait((await res.json()).job_id);
    expect(record.status).toBe('succeeded');
    expect(calls.map((call) => call.sandbox)).toEqual(['workspace-write']);
  });

  it('runs insights in fork mode, writes the artifact and serves it', async () => {
    const calls: Parameters<RunCodex>[0][] = [];
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: fakeCodex(calls as unknown[], () => answer),
    });
    const res = await server.request('/codex/insights/run', {
      method: 'POST',
      body: JSON.stringify({ session_id: SESSION_ID }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const { job_id, insight_artifact_id } = await res.json();
    expect(insight_artifact_id).toMatch(new RegExp(`^${SESSION_ID}~\\d{8}T\\d{9}Z$`));
    const record = await server.jobs.wait(job_id);
    expect(record.status).toBe('succeeded');

    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call).toMatchObject({ mode: 'fork', sandbox: 'read-only', cwd: repo.dir });
    // Codex forks a redacted copy of the session (under an id of its own), which the job's log names.
    expect(call.sessionId).not.toBe(SESSION_ID);
    const copied = server.jobs
      .get(job_id, { tail: 100 })
      ?.events.find((event) => event.type === 'session.redacted_copy');
    expect(copied).toMatchObject({ session_id: SESSION_ID, copy_id: call.sessionId, masked_lines: 1 });
    expect(call.prompt).toContain('Look back at this Codex session');
    expect(call.prompt).toContain('[#2 user] Make the date test pass');
    expect(call.prompt).not.toContain(SECRET);
    expect(call.prompt).not.toContain('<environment_context>');

    const job = await (await server.request(`/codex/jobs/${job_id}?tail=10`)).json();
    expect(job.status).toBe('succeeded');
    expect(job.codex_thread_id).toBe(FORK_ID);
    expect(JSON.stringify(job)).not.toContain(SECRET);

    const artifact = await server.request(`/codex/insights/artifacts/${insight_artifact_id}`);
    expect(artifact.status).toBe(200);
    const body = await artifact.json();
    expect(body).toMatchObject({
      artifact_id: insight_artifact_id,
      session_id: SESSION_ID,
      mode: 'fork',
      codex_thread_id: FORK_ID,
    });
    expect(body.json.goal).toBe(answer.goal);
    expect(body.markdown).toContain('## Outcome: Achieved');
    expect(body.evidence).toEqual({ quotes: 2, cited_entries: 1, unknown_entries: [999] });
    // The entry the transcript does not have is cited nowhere: not in the answer, not in the markdown.
    expect(body.entries_checked).toBe(true);
    expect(body.json.friction[0].evidence.map((e: { entry: number | null }) => e.entry)).toEqual([3, null]);
    expect(body.markdown).toContain('npm test failed — entry #3');
    expect(body.markdown).not.toContain('#999');
    expect(JSON.stringify(body)).not.toContain(SECRET);

    const stamp = insight_artifact_id.split('~')[1];
    const onDisk = await readFile(
      join(repo.dir, '.codex-orchestrator', 'insights', SESSION_ID, `${stamp}.json`),
      'utf8',
    );
    expect(onDisk).not.toContain(SECRET);
    expect(JSON.parse(onDisk).insights.friction[0].evidence[1].entry).toBeNull();

    const list = await server.request(`/codex/insights/${SESSION_ID}`);
    expect(list.headers.get('x-total-count')).toBe('1');
    expect((await list.json()).items[0]).toMatchObject({
      artifact_id: insight_artifact_id,
      goal: answer.goal,
    });
  });

  it('passes resume mode and a custom prompt through, and reports an unknown session as 404', async () => {
    const calls: Parameters<RunCodex>[0][] = [];
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: fakeCodex(calls as unknown[], () => answer),
    });
    const post = (body: unknown) =>
      server.request('/codex/insights/run', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const res = await post({ session_id: SESSION_ID, mode: 'resume', prompt: 'Only list friction.' });
    await server.jobs.wait((await res.json()).job_id);
    expect(calls[0]).toMatchObject({ mode: 'resume', sessionId: SESSION_ID });
    expect(calls[0]!.prompt.startsWith('Only list friction.')).toBe(true);

    const missing = await post({ session_id: '019a0000-0000-7000-8000-00000000dead' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'session_not_found' });
  });

  it('reports a failed run on the job and writes no artifact', async () => {
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: (async () => {
        const { RetroError } = await import('../errors.js');
        throw new RetroError(
          'codex_not_logged_in',
          'Codex is not logged in: run `CODEX_HOME=… codex login`.',
        );
      }) as RunCodex,
    });
    const res = await server.request('/codex/insights/run', {
      method: 'POST',
      body: JSON.stringify({ session_id: SESSION_ID }),
      headers: { 'content-type': 'application/json' },
    });
    const { job_id, insight_artifact_id } = await res.json();
    await server.jobs.wait(job_id);
    const job = await (await server.request(`/codex/jobs/${job_id}`)).json();
    expect(job).toMatchObject({ status: 'failed', error: { code: 'codex_not_logged_in' } });
    const artifact = await server.request(`/codex/insights/artifacts/${insight_artifact_id}`);
    expect(artifact.status).toBe(404);
    expect(await artifact.json()).toMatchObject({ code: 'insight_not_found' });
  });

  it('pages a long transcript: total and next in the body, X-Total-Count kept', async () => {
    const { makeSessionDetail } = await import('../../test/helpers/server.js');
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: fakeCodex([], () => answer),
      detail: makeSessionDetail(2_500),
    });
    const first = await server.request(`/codex/sessions/${SESSION_ID}?limit=1000`);
    expect(first.headers.get('x-total-count')).toBe('2500');
    const page1 = await first.json();
    expect(page1.messages).toHaveLength(1000);
    expect(page1).toMatchObject({ total: 2500, limit: 1000 });
    const page2 = await (
      await server.request(`/codex/sessions/${SESSION_ID}?limit=1000&cursor=${page1.next}`)
    ).json();
    expect(page2.messages[0].line).toBe(1001);
    const page3 = await (
      await server.request(`/codex/sessions/${SESSION_ID}?limit=1000&cursor=${page2.next}`)
    ).json();
    expect(page3.messages).toHaveLength(500);
    expect(page3.messages[0].line).toBe(2001);
    expect(page3.next).toBeNull();
    // The default page is 500 entries, and says there is more.
    const plain = await (await server.request(`/codex/sessions/${SESSION_ID}`)).json();
    expect(plain.messages).toHaveLength(500);
    expect(plain.next).toEqual(expect.any(String));
    const jump = await (await server.request(`/codex/sessions/${SESSION_ID}?offset=2000&limit=1000`)).json();
    expect(jump.messages[0].line).toBe(2001);
    expect((await server.request(`/codex/sessions/${SESSION_ID}?limit=0`)).status).toBe(400);
  });

  it('passes list filters to the store and reports the total', async () => {
    const server = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex([], () => answer) });
    const res = await server.request(
      '/codex/sessions?search=date%20test&days=7&archived=false&include_own=1&include_subagents=1&limit=20&offset=40',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-total-count')).toBe('1');
    expect(server.sessions.lastList).toEqual({
      search: 'date test',
      days: 7,
      includeArchived: false,
      includeOwn: true,
      includeSubagents: true,
      limit: 20,
      offset: 40,
      signal: expect.any(AbortSignal),
    });
    const rows = (await res.json()).items;
    expect(rows[0]).toMatchObject({
      id: SESSION_ID,
      title: 'Make the date test pass',
      updated_at: '2026-11-20T10:05:00.000Z',
    });
    expect((await server.request('/codex/sessions?days=abc')).status).toBe(400);
  });

  it('streams job events over SSE until the job ends', async () => {
    const server = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex([], () => answer) });
    const res = await server.request('/codex/insights/run', {
      method: 'POST',
      body: JSON.stringify({ session_id: SESSION_ID }),
      headers: { 'content-type': 'application/json' },
    });
    const { job_id } = await res.json();
    const stream = await server.request(`/codex/jobs/${job_id}/events`);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const text = await stream.text();
    expect(text).toContain('event: status');
    expect(text).toContain('"thread.started"');
    expect(text).toContain('"artifact.written"');
    expect(text).toMatch(/"status":"succeeded"/);
    expect(text).not.toContain(SECRET);
  });
});

describe('resume runs', () => {
  let repo: Awaited<ReturnType<typeof makeTempRepo>>;
  beforeEach(async () => {
    repo = await makeTempRepo();
  });
  afterEach(() => repo.cleanup());

  it('allow one resume of a session at a time (its rollout is appended to); forks are not held back', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const base = fakeCodex([], () => answer);
    const runCodex = (async (options: Parameters<RunCodex>[0]) => {
      if (options.mode === 'resume') await gate;
      return base(options);
    }) as RunCodex;
    const server = makeTestServer({ repoRoot: repo.dir, runCodex });
    const post = (mode: string) =>
      server.request('/codex/insights/run', {
        method: 'POST',
        body: JSON.stringify({ session_id: SESSION_ID, mode }),
        headers: { 'content-type': 'application/json' },
      });
    const [first, second] = await Promise.all([post('resume'), post('resume')]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const busy = first.status === 409 ? first : second;
    expect(await busy.json()).toMatchObject({ code: 'session_busy' });
    const fork = await post('fork');
    expect(fork.status).toBe(202);
    release();
    const running = first.status === 202 ? first : second;
    await server.jobs.wait((await running.json()).job_id);
    await new Promise((resolve) => setImmediate(resolve));
    const again = await post('resume');
    expect(again.status).toBe(202);
    // Let every job finish writing its insight before the repo is removed.
    for (const started of [fork, again]) await server.jobs.wait((await started.json()).job_id);
  });
});

describe('insight artifact names', () => {
  it('stay distinct for runs started in the same millisecond', async () => {
    const repo = await makeTempRepo();
    try {
      const server = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex([], () => answer) });
      const post = () =>
        server.request('/codex/insights/run', {
          method: 'POST',
          body: JSON.stringify({ session_id: SESSION_ID }),
          headers: { 'content-type': 'application/json' },
        });
      const started = await Promise.all([post(), post(), post()].map(async (r) => (await r).json()));
      expect(new Set(started.map((s) => s.insight_artifact_id)).size).toBe(3);
      for (const s of started) await server.jobs.wait(s.job_id);
      expect((await (await server.request(`/codex/insights/${SESSION_ID}`)).json()).items.length).toBe(3);
    } finally {
      await repo.cleanup();
    }
  });
});
