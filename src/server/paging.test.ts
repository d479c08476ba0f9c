import { describe, expect, it } from 'vitest';
import { HOST, makeSessionDetail, TOKEN } from '../../test/helpers/server.js';
import { refuseWithoutRepo } from '../workflows/no-repo.js';
import { createApp } from './app.js';
import type { SessionListOptions, SessionSource } from './deps.js';

/** 250 sessions, newest first, ids differing in their last group; `search` keeps those whose title has it. */
function makeSessions(count: number): SessionSource {
  const base = makeSessionDetail().metadata;
  const all = Array.from({ length: count }, (_, i) => ({
    ...base,
    id: `019a1111-2222-7333-8444-${String(i).padStart(12, '0')}`,
    title: i % 2 === 0 ? `even ${i}` : `odd ${i}`,
  }));
  return {
    list(options: SessionListOptions) {
      const matching = options.search ? all.filter((s) => s.title.includes(options.search!)) : all;
      const offset = options.offset ?? 0;
      const sessions = matching.slice(
        offset,
        options.limit === undefined ? undefined : offset + options.limit,
      );
      return { sessions, total: matching.length, issues: [], available: all.length };
    },
    get: (id: string) => (all.some((s) => s.id === id) ? { ...makeSessionDetail(), id } : null),
  };
}

function makeApp() {
  const app = createApp({
    token: TOKEN,
    allowedHosts: () => [HOST],
    webRoot: null,
    sessions: makeSessions(250),
    jobs: { get: () => null, subscribe: () => () => {}, cancel: () => false },
    workflows: refuseWithoutRepo(),
    status: async () => ({}),
  });
  return async (path: string, init: RequestInit = {}) => {
    const res = await app.request(`http://${HOST}${path}`, {
      ...init,
      headers: { host: HOST, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
}

describe('API list paging: limit, cursor, next', () => {
  it('walks a whole list by following next, each item once, with the total in the body', async () => {
    const get = makeApp();
    const seen: string[] = [];
    let path = '/codex/sessions?limit=100';
    const sizes: number[] = [];
    for (;;) {
      const { status, headers, body } = await get(path);
      expect(status).toBe(200);
      expect(body).toMatchObject({ total: 250, limit: 100, home_total: 250 });
      expect(headers.get('x-total-count')).toBe('250');
      sizes.push(body.items.length);
      seen.push(...body.items.map((s: { id: string }) => s.id));
      if (body.next === null) break;
      path = `/codex/sessions?limit=100&cursor=${encodeURIComponent(body.next)}`;
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]!.endsWith('000000000000')).toBe(true);
    expect(seen.at(-1)!.endsWith('000000000249')).toBe(true);
  });

  it('says there is more on a default page, and nothing more on the last', async () => {
    const get = makeApp();
    const first = await get('/codex/sessions');
    expect(first.body.items).toHaveLength(100);
    expect(first.body.next).toEqual(expect.any(String));
    const filtered = await get('/codex/sessions?search=odd');
    expect(filtered.body).toMatchObject({ total: 125, home_total: 250 });
    const none = await get('/codex/sessions?search=nothing');
    expect(none.body).toEqual({ items: [], total: 0, limit: 100, next: null, home_total: 250 });
  });

  it('refuses a cursor of another list, a cursor it never gave, and a cursor beside an offset', async () => {
    const get = makeApp();
    const { body } = await get('/codex/sessions?search=odd&limit=10');
    const other = await get(`/codex/sessions?search=even&limit=10&cursor=${encodeURIComponent(body.next)}`);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('invalid_cursor');
    for (const cursor of ['abc', 'MTo1OmFhYWFhYWFhYWFhYQ', 'x'.repeat(500)]) {
      const forged = await get(`/codex/sessions?cursor=${cursor}`);
      expect(forged.status, cursor).toBe(400);
      expect(forged.body.code).toBe('invalid_cursor');
    }
    const both = await get(
      `/codex/sessions?search=odd&limit=10&offset=5&cursor=${encodeURIComponent(body.next)}`,
    );
    expect(both.status).toBe(400);
    expect((await get('/codex/sessions?limit=1001')).status).toBe(400);
  });

  it('accepts the short id lists show wherever a session id goes', async () => {
    const get = makeApp();
    const short = await get('/codex/sessions/000000000042');
    expect(short.status).toBe(200);
    expect(short.body.id).toBe('019a1111-2222-7333-8444-000000000042');
    expect(short.body).toMatchObject({ total: 3, next: null });
    const ambiguous = await get('/codex/sessions/019a1111');
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.code).toBe('ambiguous_session_id');
    expect((await get('/codex/sessions/ffffffffffff')).status).toBe(404);
    expect((await get('/codex/sessions/not-an-id')).status).toBe(400);
  });

  it('without a repository, lists are empty pages and runs say which repository they need', async () => {
    const get = makeApp();
    const insights = await get('/codex/insights/000000000042');
    expect(insights.body).toEqual({ items: [], total: 0, limit: 100, next: null, unreadable: 0 });
    expect((await get('/codex/proposals')).body).toEqual({ items: [], total: 0, limit: 100, next: null });
    const run = await get('/codex/insights/run', {
      method: 'POST',
      body: JSON.stringify({ session_id: '000000000042' }),
    });
    expect(run.status).toBe(409);
    expect(run.body.code).toBe('no_repo');
    expect(run.body.message).toMatch(/--repo DIR/);
  });
});
