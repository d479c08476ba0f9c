import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendReply, appendToolOutput } from '../../../test/helpers/planted-store.js';
import { makeStoreHome, type StoreHome } from '../../../test/helpers/store-home.js';
import { openSessionStore } from '../store.js';

/** Seeded, so a failure can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Recall against `grep -rlF` on a store of real fixture rollouts with strings planted at every depth of tool
 * outputs and replies (in the index's first 4,000 characters, far past them, across the read chunks), of
 * every rarity: every session grep finds is found, and every session found by reading the rollouts is one
 * grep finds.
 */
describe('search recall against grep -rlF', () => {
  let home: StoreHome;
  const random = createRandom(417);
  const queries = [
    'module_7.ts:611:3',
    'module_3.ts',
    'ERR_SOCKET_TIMEOUT',
    'quetzalcoatlite',
    'at Object.<anonymous>',
  ];

  beforeAll(async () => {
    home = await makeStoreHome();
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
    for (const path of home.files.values()) {
      for (let n = Math.floor(random() * 4); n > 0; n--) {
        const lines = Array.from({ length: 50 + Math.floor(random() * 3000) }, (_, i) =>
          random() < 0.01
            ? `src/module_${Math.floor(random() * 10)}.ts:${610 + Math.floor(random() * 3)}:${1 + Math.floor(random() * 3)} - error TS2345`
            : random() < 0.002
              ? `    at Object.<anonymous> (/repo/test/${i}.test.js:1:1) ERR_SOCKET_TIMEOUT`
              : `ok ${i} - ${pick(['build', 'lint', 'test', 'deploy'])} step passed`,
        );
        appendToolOutput(path, lines.join('\n'));
      }
      if (random() < 0.2)
        appendReply(path, `The flaky one is module_${Math.floor(random() * 40)}.ts, see above.`);
    }
    appendToolOutput([...home.files.values()][7] as string, `${'x'.repeat(9000)} quetzalcoatlite`);
  });
  afterAll(() => home.cleanup());

  /** The sessions whose rollouts `grep -rlF` finds `query` in. */
  function grepSessions(query: string): Set<string | undefined> {
    const grep = (() => {
      try {
        return execFileSync('grep', ['-rlF', query, home.codexHome], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    return new Set(
      grep
        .split('\n')
        .filter(Boolean)
        .map((path) => /([0-9a-f-]{36})\.jsonl$/.exec(basename(path))?.[1]),
    );
  }

  it.each(queries)('finds every session grep finds for %s', async (query) => {
    const expected = grepSessions(query);
    expect(expected.size).toBeGreaterThan(0);
    const store = openSessionStore({
      codexHome: home.codexHome,
      cacheDir: home.cacheDir,
      stateDir: home.stateDir,
    });
    const literal: string[] = [];
    try {
      const result = await store.list(
        { search: query, includeOwn: true },
        { onFound: (s) => literal.push(s.id) },
      );
      const found = new Set(result.sessions.map((s) => s.id));
      expect([...expected].filter((id) => !found.has(id as string))).toEqual([]);
      expect(literal.filter((id) => !expected.has(id))).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('finds what the rollouts gained after a list read them, reading their text first and saying so', async () => {
    // The list reads no search text: the first search reads it, from where each rollout's text stopped.
    const cacheDir = join(home.root, 'cache-list-first');
    const listed = openSessionStore({ codexHome: home.codexHome, cacheDir, stateDir: home.stateDir });
    try {
      expect((await listed.list({ includeOwn: true })).sessions).toHaveLength(home.files.size);
    } finally {
      listed.close();
    }
    const files = [...home.files.values()];
    appendToolOutput(files[3] as string, `${'y'.repeat(9000)} zanzibarite`);
    appendToolOutput(files[5] as string, 'zanzibarite');
    appendReply(files[11] as string, 'The zanzibarite build is green.');
    const expected = grepSessions('zanzibarite');
    expect(expected.size).toBe(3);
    const phases: (string | undefined)[] = [];
    const store = openSessionStore({
      codexHome: home.codexHome,
      cacheDir,
      stateDir: home.stateDir,
      onProgress: (progress) => phases.push(progress.phase),
    });
    try {
      const result = await store.list({ search: 'zanzibarite', includeOwn: true });
      expect(new Set(result.sessions.map((s) => s.id))).toEqual(expected);
      expect(phases).toContain('index-text');
      // The list was read first: the search waited for the text, not for the list again.
      expect(phases.indexOf('index-text')).toBeLessThan(phases.lastIndexOf('search'));
    } finally {
      store.close();
    }
  });
});
