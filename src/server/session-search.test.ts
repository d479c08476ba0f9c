import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendToolOutput } from '../../test/helpers/planted-store.js';
import { HOST, makeTempRepo, makeTestServer, TOKEN } from '../../test/helpers/server.js';
import { makeStoreHome, type StoreHome } from '../../test/helpers/store-home.js';
import { openSessionStore, type SessionStore } from '../sessions/store.js';
import { createApp } from './app.js';

/** `GET /codex/sessions?search=` through the real session store: the same complete set as the CLI. */
describe('session search through the API', () => {
  let home: StoreHome;
  let store: SessionStore;
  let repo: Awaited<ReturnType<typeof makeTempRepo>>;
  beforeEach(async () => {
    home = await makeStoreHome();
    repo = await makeTempRepo();
    store = openSessionStore({ codexHome: home.codexHome, cacheDir: home.cacheDir, stateDir: home.stateDir });
  });
  afterEach(async () => {
    store.close();
    await repo.cleanup();
    await home.cleanup();
  });

  const get = (path: string) => {
    const { deps } = makeTestServer({
      repoRoot: repo.dir,
      runCodex: (async () => {
        throw new Error('not used');
      }) as never,
    });
    const app = createApp({ ...deps, sessions: store });
    return app.request(`http://${HOST}${path}`, {
      headers: { host: HOST, authorization: `Bearer ${TOKEN}` },
    });
  };

  it('returns index hits and the sessions found by reading the rollouts, counted and paged alike', async () => {
    const files = [...home.files.entries()];
    appendToolOutput(files[0]![1], 'Error: ENOSPC tarrasqueite at the top');
    for (const [, path] of files.slice(1, 4)) {
      appendToolOutput(path, `${'progress 42%\n'.repeat(500)}Error: ENOSPC tarrasqueite deep down`);
    }
    const all = await get('/codex/sessions?search=tarrasqueite');
    expect(all.status).toBe(200);
    expect(all.headers.get('X-Total-Count')).toBe('4');
    const body = (await all.json()) as { items: { id: string }[]; total: number };
    expect(body.total).toBe(4);
    const sessions = body.items;
    expect(sessions.map((s) => s.id)[0]).toBe(files[0]![0]);
    expect(new Set(sessions.map((s) => s.id))).toEqual(new Set(files.slice(0, 4).map(([id]) => id)));
    const pages: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await get(
        `/codex/sessions?search=tarrasqueite&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const next = (await page.json()) as { items: { id: string }[]; total: number; next: string | null };
      expect(next.total).toBe(4);
      pages.push(...next.items.map((s) => s.id));
      cursor = next.next;
    }
    expect(pages).toEqual(sessions.map((s) => s.id));
  });
});
