import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  codexAnswered,
  makeSessionDetail,
  makeTempRepo,
  makeTestServer,
  SECRET,
  SESSION_ID,
} from '../../test/helpers/server.js';
import type { InsightAnswer } from '../insights/schema.js';
import type { RunCodex } from '../workflows/deps.js';

/** The API says what Codex can do with a session, and runs on a session it cannot continue read a digest. */
const NEW_THREAD = '019a9999-0000-7000-8000-000000000077';
const answer: InsightAnswer = {
  goal: 'Make the date test pass',
  outcome: { status: 'achieved', summary: 'Passed.' },
  what_worked: [],
  friction: [],
  recommendations: [],
};

function fakeCodex(calls: Parameters<RunCodex>[0][]): RunCodex {
  return (async (options: Parameters<RunCodex>[0]) => {
    calls.push(options);
    return codexAnswered(NEW_THREAD, answer, {
      lastMessage: JSON.stringify(answer),
      command: ['codex', 'exec', '--json', '-'],
    });
  }) as RunCodex;
}

/** A session as Codex 0.28 wrote it: bare JSONL, no session_meta envelope, so no cli_version. */
function oldSession() {
  const detail = makeSessionDetail();
  Object.assign(detail.metadata, {
    era: 'B2',
    cli_version: null,
    originator: null,
    source: null,
    model_provider: null,
  });
  return detail;
}

describe('continuation through the API', () => {
  let repo: Awaited<ReturnType<typeof makeTempRepo>>;
  beforeEach(async () => {
    repo = await makeTempRepo();
  });
  afterEach(() => repo.cleanup());

  it('GET /codex/sessions/{id} says whether Codex can fork or resume the session', async () => {
    const recent = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex([]) });
    const body = await (await recent.request(`/codex/sessions/${SESSION_ID}`)).json();
    expect(body.continuation).toEqual({ fork: true, resume: true, reason: null, default_mode: 'fork' });

    const old = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex([]), detail: oldSession() });
    const oldBody = await (await old.request(`/codex/sessions/${SESSION_ID}?limit=1`)).json();
    expect(oldBody.continuation).toMatchObject({ fork: false, resume: false, default_mode: 'digest' });
    expect(oldBody.continuation.reason).toMatch(/before 0\.34/);
  });

  it('a run without a mode on such a session is a digest run: plain codex exec, read-only, recorded as digest', async () => {
    const calls: Parameters<RunCodex>[0][] = [];
    const server = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex(calls), detail: oldSession() });
    const res = await server.request('/codex/insights/run', {
      method: 'POST',
      body: JSON.stringify({ session_id: SESSION_ID }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const started = await res.json();
    expect(started).toMatchObject({ mode: 'digest' });
    expect(started.mode_reason).toMatch(
      /^Codex cannot continue this session: it was written by Codex before 0\.34/,
    );
    const job = await server.jobs.wait(started.job_id);
    expect(job.status).toBe('succeeded');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ mode: 'new', sandbox: 'read-only' });
    expect(calls[0]?.sessionId).toBeUndefined();
    expect(calls[0]?.prompt).toContain('This session is not in your history');
    expect(calls[0]?.prompt).toContain('[#2 user] Make the date test pass');
    expect(calls[0]?.prompt).not.toContain(SECRET);

    const artifact = await (
      await server.request(`/codex/insights/artifacts/${started.insight_artifact_id}`)
    ).json();
    expect(artifact).toMatchObject({ mode: 'digest', mode_reason: started.mode_reason });
    const list = await (await server.request(`/codex/insights/${SESSION_ID}`)).json();
    expect(list.items[0]).toMatchObject({ mode: 'digest' });
    const stamp = started.insight_artifact_id.split('~')[1];
    const markdown = await readFile(
      join(repo.dir, '.codex-orchestrator', 'insights', SESSION_ID, `${stamp}.md`),
      'utf8',
    );
    expect(markdown).toContain('digest run');
  });

  it('fork or resume of such a session is refused with 409 and the reason, before anything runs', async () => {
    const calls: Parameters<RunCodex>[0][] = [];
    const server = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex(calls), detail: oldSession() });
    for (const [path, extra] of [
      ['/codex/insights/run', {}],
      ['/codex/proposals/run', { insight_artifact_id: `${SESSION_ID}~20261122T030000000Z` }],
    ] as const) {
      for (const mode of ['fork', 'resume']) {
        const res = await server.request(path, {
          method: 'POST',
          body: JSON.stringify({ session_id: SESSION_ID, mode, ...extra }),
          headers: { 'content-type': 'application/json' },
        });
        const body = await res.json();
        expect(res.status, JSON.stringify(body)).toBe(409);
        expect(body.code).toBe('session_not_continuable');
        expect(body.message).toMatch(new RegExp(`^Codex cannot ${mode} session ${SESSION_ID}: `));
      }
    }
    expect(calls).toHaveLength(0);
  });

  it('a session recorded with another provider forks by default and refuses resume', async () => {
    const detail = makeSessionDetail();
    detail.metadata.model_provider = 'azure';
    const calls: Parameters<RunCodex>[0][] = [];
    const server = makeTestServer({ repoRoot: repo.dir, runCodex: fakeCodex(calls), detail });
    const post = (body: object) =>
      server.request('/codex/insights/run', {
        method: 'POST',
        body: JSON.stringify({ session_id: SESSION_ID, ...body }),
        headers: { 'content-type': 'application/json' },
      });
    const refused = await post({ mode: 'resume' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toContain('"azure"');
    const started = await (await post({})).json();
    expect(started).toMatchObject({ mode: 'fork', mode_reason: null });
    await server.jobs.wait(started.job_id);
    expect(calls[0]).toMatchObject({ mode: 'fork' });
    expect(calls[0]?.sessionId).not.toBe(SESSION_ID);
  });
});
