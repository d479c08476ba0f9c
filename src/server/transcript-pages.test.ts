import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLongRollout } from '../../test/helpers/long-rollout.js';
import { HOST, makeTempRepo, makeTestServer, TOKEN } from '../../test/helpers/server.js';
import { makeStoreHome, type StoreHome } from '../../test/helpers/store-home.js';
import { redactDeep } from '../redact/index.js';
import { openSessionStore, type SessionStore } from '../sessions/store.js';
import type { SessionDetail } from '../sessions/types.js';
import { createApp } from './app.js';

/** `GET /codex/sessions/{id}` pages of a rollout larger than the reader's checkpoint spacing, through the real store. */
describe('transcript pages of a long session', () => {
  let home: StoreHome;
  let store: SessionStore;
  let repo: Awaited<ReturnType<typeof makeTempRepo>>;
  let id: string;
  let path: string;
  let whole: SessionDetail;
  let opened: number;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    home = await makeStoreHome(['0.40.0']);
    repo = await makeTempRepo();
    const long = writeLongRollout(home.codexHome, { turns: 300, outputBytes: 4000 });
    expect(long.bytes).toBeGreaterThan(8 * 1024 * 1024);
    ({ id, path } = long);
    store = openSessionStore({ codexHome: home.codexHome, cacheDir: home.cacheDir, stateDir: home.stateDir });
    whole = (await store.get(id))!;
    opened = 0;
    app = makeApp();
  });

  /** The app around the real store, counting how often a transcript is opened (its cache is the app's). */
  function makeApp() {
    const counting = {
      ...store,
      openTranscript: (sessionId: string) => {
        opened++;
        return store.openTranscript(sessionId);
      },
    };
    const { deps } = makeTestServer({
      repoRoot: repo.dir,
      runCodex: (async () => {
        throw new Error('not used');
      }) as never,
    });
    return createApp({ ...deps, sessions: counting });
  }
  afterAll(async () => {
    store.close();
    await repo.cleanup();
    await home.cleanup();
  });

  const get = async (query: string) => {
    const res = await app.request(`http://${HOST}/codex/sessions/${id}${query}`, {
      headers: { host: HOST, authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as {
      messages: unknown[];
      total: number;
      next: string | null;
      metadata: unknown;
      turns: unknown[];
    };
  };
  const slice = (from: number, to: number) =>
    JSON.parse(JSON.stringify(redactDeep(whole.messages.slice(from, to)))) as unknown[];

  it('answers every page with the same entries a whole read has there, opening the rollout once', async () => {
    const total = whole.messages.length;
    const last = await get(`?offset=${total - 300}&limit=500`);
    expect(last.total).toBe(total);
    expect(last.messages).toEqual(slice(total - 300, total));
    expect(last.next).toBeNull();
    const middle = await get(`?offset=${Math.floor(total / 2)}&limit=250`);
    expect(middle.messages).toEqual(slice(Math.floor(total / 2), Math.floor(total / 2) + 250));
    expect(middle.metadata).toEqual(JSON.parse(JSON.stringify(redactDeep(whole.metadata))));
    expect(middle.turns).toHaveLength(whole.turns.length);
    // Following the cursors from the start gives the whole transcript, in order.
    const seen: unknown[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await get(`?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.messages);
      cursor = page.next;
    }
    expect(seen).toEqual(slice(0, total));
    expect(opened).toBe(1);
  });

  it('shares one opening between pages asked for together', async () => {
    app = makeApp();
    const before = opened;
    const pages = await Promise.all([get('?offset=10&limit=5'), get('?offset=2000&limit=5')]);
    expect(pages.map((page) => page.messages)).toEqual([slice(10, 15), slice(2000, 2005)]);
    expect(opened).toBe(before + 1);
  });

  it('reads the session again once it has grown', async () => {
    const before = (await get('?limit=1')).total;
    const answer = {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Added later.' }],
    };
    await appendFile(
      path,
      `${JSON.stringify({ timestamp: '2026-11-21T00:00:00.000Z', type: 'response_item', payload: answer })}\n`,
    );
    const grown = await get(`?offset=${before}&limit=5`);
    expect(grown.total).toBe(before + 1);
    expect(grown.messages).toMatchObject([{ content: 'Added later.' }]);
  });
});
