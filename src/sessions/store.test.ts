import {
  appendFile,
  copyFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_SESSIONS, makeStoreHome, type StoreHome } from '../../test/helpers/store-home.js';
import { openIndexDb } from './index/index-db.js';
import { recordOwnThread } from './own-threads.js';
import { PARSER_VERSION, readSession, scanRollout } from './scan/scan.js';
import { openSessionStore, type SessionStoreOptions } from './store.js';

interface ManifestEntry {
  session_id: string;
  runs: string[];
  user_turns: number;
  model: string;
  forked_from: string | null;
}

const manifest = JSON.parse(
  await readFile(join(FIXTURE_SESSIONS, '0.169.0', 'manifest.json'), 'utf8'),
) as ManifestEntry[];
const sessionOf = (run: string) =>
  manifest.find((entry) => entry.runs.some((r) => r.includes(run)))!.session_id;
const SHELL_FAIL = sessionOf('shell_fail');
const SIMPLE = sessionOf('simple');

describe('session store', () => {
  let home: StoreHome;
  /** The rollouts the list read, and those read for their search text. */
  let calls: { path: string; from: boolean }[];
  let textCalls: { path: string; from: boolean }[];
  const stores: { close(): void }[] = [];

  function open(extra: Partial<SessionStoreOptions> = {}) {
    const store = openSessionStore({
      codexHome: home.codexHome,
      cacheDir: home.cacheDir,
      stateDir: home.stateDir,
      now: () => new Date('2026-11-22T12:00:00Z'),
      scanner: {
        parserVersion: PARSER_VERSION,
        readSession,
        scanRollout: (path, options) => {
          (options?.summary ? calls : textCalls).push({ path, from: options?.from !== undefined });
          return scanRollout(path, options);
        },
      },
      ...extra,
    });
    stores.push(store);
    return store;
  }

  beforeEach(async () => {
    home = await makeStoreHome();
    calls = [];
    textCalls = [];
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) store.close();
    await home.cleanup();
  });

  it('lists every fixture session once, newest first', async () => {
    const { sessions, total } = await open().list();
    expect(total).toBe(home.files.size);
    expect(new Set(sessions.map((s) => s.id))).toEqual(new Set(home.files.keys()));
    const times = sessions.map((s) => s.updated_at ?? '');
    expect(times).toEqual([...times].sort().reverse());
    const simple = sessions.find((s) => s.id === SIMPLE)!;
    expect(simple).toMatchObject({
      user_messages: 1,
      archived: false,
      cwd: '/home/dev/work/demo-repo',
      path: home.files.get(SIMPLE),
    });
  });

  it('reads a listed session as get reads it, without scanning the home again', async () => {
    const store = open();
    const { sessions } = await store.list();
    const listed = sessions.find((s) => s.id === SIMPLE)!;
    const viaGet = await store.get(SIMPLE);
    calls = [];
    expect(await store.readListed(listed)).toEqual(viaGet);
    expect(calls).toEqual([]);
  });

  it('reads no rollout when nothing changed, in this process or the next', async () => {
    await open().list();
    expect(calls).toHaveLength(home.files.size);
    // The list reads no search text: the first search does, once.
    expect(textCalls).toEqual([]);
    await open().list({ search: 'hello' });
    expect(textCalls).toHaveLength(home.files.size);
    calls = [];
    textCalls = [];
    await open().list();
    await open().list({ search: 'hello' });
    expect(calls).toEqual([]);
    expect(textCalls).toEqual([]);
  });

  it('reads the search text ahead of the first search when asked, with its own progress', async () => {
    const phases = new Set<string | undefined>();
    const store = open({ onProgress: (progress) => phases.add(progress.phase) });
    await store.prepareSearch();
    expect(calls).toHaveLength(home.files.size);
    expect(textCalls).toHaveLength(home.files.size);
    expect(phases).toEqual(new Set([undefined, 'index-text']));
    textCalls = [];
    expect((await store.list({ search: 'flamingo' })).sessions).toEqual([]);
    expect(textCalls).toEqual([]);
  });

  it('reading the search text ahead waits for a quiet moment, gives way to a list asked for meanwhile, then goes on where it stopped', async () => {
    const slow: SessionStoreOptions['scanner'] = {
      parserVersion: PARSER_VERSION,
      readSession,
      scanRollout: async (path, options) => {
        (options?.summary ? calls : textCalls).push({ path, from: options?.from !== undefined });
        if (!options?.summary) await new Promise((resolve) => setTimeout(resolve, 20));
        return scanRollout(path, options);
      },
    };
    const store = open({ scanner: slow });
    await store.list();
    const started = performance.now();
    const preparing = store.prepareSearch();
    await expect.poll(() => textCalls.length, { interval: 5, timeout: 10_000 }).toBeGreaterThan(0);
    // Not while the list that just came may be followed by another (a person paging).
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    await store.list();
    // The list answered while the text was still being read...
    const readWhenListed = textCalls.length;
    expect(readWhenListed).toBeLessThan(home.files.size);
    await preparing;
    // ...and the reading went on after it, each rollout read once.
    expect(textCalls).toHaveLength(home.files.size);
    expect(new Set(textCalls.map((call) => call.path)).size).toBe(home.files.size);
    textCalls = [];
    expect((await store.list({ search: 'flamingo' })).sessions).toEqual([]);
    expect(textCalls).toEqual([]);
  });

  it('stops reading the search text ahead once told to, and a search reads the rest', async () => {
    const store = open();
    await store.list();
    const stop = new AbortController();
    stop.abort();
    await store.prepareSearch(stop.signal);
    expect(textCalls).toEqual([]);
    await store.list({ search: 'hello' });
    expect(textCalls).toHaveLength(home.files.size);
  });

  it('continues a grown file from its checkpoint and finds the new text', async () => {
    const store = open();
    const before = (await store.list()).sessions.find((s) => s.id === SIMPLE)!;
    calls = [];
    const path = home.files.get(SIMPLE)!;
    const line = {
      timestamp: '2026-11-22T05:00:00.000Z',
      type: 'response_item',
      payload: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Now explain the flamingo budget.' }],
      },
    };
    // 0.169 logs what the person typed twice: the response item and an item_completed UserMessage.
    const event = {
      timestamp: '2026-11-22T05:00:00.001Z',
      type: 'event_msg',
      payload: {
        type: 'item_completed',
        item: { type: 'UserMessage', content: [{ type: 'text', text: 'Now explain the flamingo budget.' }] },
      },
    };
    await store.list({ search: 'hello' });
    textCalls = [];
    await appendFile(path, `${JSON.stringify(line)}\n${JSON.stringify(event)}\n`);
    const after = (await store.list()).sessions.find((s) => s.id === SIMPLE)!;
    expect(calls).toEqual([{ path, from: true }]);
    expect(textCalls).toEqual([]);
    expect(after.user_messages).toBe(before.user_messages + 1);
    expect(after.updated_at).toBe('2026-11-22T05:00:00.001Z');
    const found = await store.list({ search: 'flamingo' });
    expect(found.sessions.map((s) => s.id)).toEqual([SIMPLE]);
    // Its text is read on from where it stopped too.
    expect(textCalls).toEqual([{ path, from: true }]);
  });

  it('continues a grown file once when lists run concurrently, in one or two processes', async () => {
    const store = open();
    const other = open();
    await store.list();
    const path = home.files.get(SIMPLE)!;
    const line = {
      timestamp: '2026-11-22T05:00:00.000Z',
      type: 'response_item',
      payload: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'Ask about the walrus.' }],
      },
    };
    await appendFile(path, `${JSON.stringify(line)}\n`);
    const results = await Promise.all([store.list(), store.list(), other.list()]);
    const counts = results.map((r) => r.sessions.find((s) => s.id === SIMPLE)!.user_messages);
    expect(new Set(counts).size).toBe(1);
    const { sessions } = await store.list({ search: 'walrus' });
    expect(sessions.map((s) => s.id)).toEqual([SIMPLE]);
    const [cacheFile] = (await readdir(home.cacheDir)).filter((name) => name.endsWith('.sqlite'));
    const db = openIndexDb(join(home.cacheDir, cacheFile!), PARSER_VERSION);
    expect(db.searchDocs('"walrus"')).toHaveLength(1);
    db.close();
  });

  it('replaces, not appends, when the parser starts a file over instead of continuing', async () => {
    const store = open({
      scanner: {
        parserVersion: PARSER_VERSION,
        readSession,
        scanRollout: (path, options) => scanRollout(path, { summary: options?.summary === true }),
      },
    });
    await store.list({ search: 'hello' });
    const [cacheFile] = (await readdir(home.cacheDir)).filter((name) => name.endsWith('.sqlite'));
    const countHits = (query: string) => {
      const db = openIndexDb(join(home.cacheDir, cacheFile!), PARSER_VERSION);
      const hits = db.searchDocs(query).length;
      db.close();
      return hits;
    };
    const before = countHits('"hello"');
    expect(before).toBeGreaterThan(0);
    const line = {
      timestamp: '2026-11-22T05:00:00.000Z',
      type: 'response_item',
      payload: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'About the narwhal.' }],
      },
    };
    await appendFile(home.files.get(SIMPLE)!, `${JSON.stringify(line)}\n`);
    await store.list({ search: 'narwhal' });
    expect(countHits('"narwhal"')).toBe(1);
    expect(countHits('"hello"')).toBe(before);
  });

  it('scans a shrunk or replaced file from the start', async () => {
    const store = open();
    await store.list();
    calls = [];
    const path = home.files.get(SHELL_FAIL)!;
    const text = await readFile(path, 'utf8');
    await truncate(path, text.indexOf('\n') + 1);
    const listed = (await store.list()).sessions.find((s) => s.id === SHELL_FAIL)!;
    expect(calls).toEqual([{ path, from: false }]);
    expect(listed.tool_calls).toBe(0);
    expect(
      (await store.list({ search: '"No such file or directory"' })).sessions.map((s) => s.id),
    ).not.toContain(SHELL_FAIL);

    // Replaced by a longer file whose start differs: not a continuation either.
    calls = [];
    const other = await readFile(home.files.get(SIMPLE)!, 'utf8');
    await writeFile(`${path}.new`, `${text.slice(0, 10)}X${text.slice(11)}${other}`);
    await rename(`${path}.new`, path);
    await store.list();
    expect(calls).toEqual([{ path, from: false }]);
    calls = [];
    await writeFile(path, `${text.slice(0, 10)}Y${text.slice(11)}${other}${other}`);
    await store.list();
    expect(calls).toEqual([{ path, from: false }]);
  });

  it('drops a deleted file from the list and from search', async () => {
    const store = open();
    await store.list();
    await rm(home.files.get(SHELL_FAIL)!);
    const { sessions } = await store.list();
    expect(sessions.map((s) => s.id)).not.toContain(SHELL_FAIL);
    expect(sessions).toHaveLength(home.files.size - 1);
    const found = await store.list({ search: '"No such file or directory"' });
    expect(found.sessions.map((s) => s.id)).not.toContain(SHELL_FAIL);
  });

  it('rebuilds a corrupt cache file instead of trusting it', async () => {
    const first = open();
    await first.list();
    first.close();
    for (const name of await readdir(home.cacheDir)) {
      if (name.endsWith('.sqlite')) await writeFile(join(home.cacheDir, name), 'garbage '.repeat(1000));
      else await rm(join(home.cacheDir, name));
    }
    calls = [];
    const { sessions } = await open().list();
    expect(sessions).toHaveLength(home.files.size);
    expect(calls).toHaveLength(home.files.size);
    calls = [];
    await open().list();
    expect(calls).toEqual([]);
  });

  it('rebuilds a cache whose pages break while it is in use', async () => {
    const first = open();
    await first.list();
    first.close();
    const [cacheFile] = (await readdir(home.cacheDir)).filter((name) => name.endsWith('.sqlite'));
    const path = join(home.cacheDir, cacheFile!);
    const raw = new Database(path, { readonly: true });
    const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'files'").get() as {
      rootpage: number;
    };
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    // The cache still opens (schema, meta and search config are intact); reading the file rows fails.
    const bytes = await readFile(path);
    bytes.fill(0x5a, (rootpage - 1) * pageSize, rootpage * pageSize);
    await writeFile(path, bytes);
    calls = [];
    const { sessions } = await open().list();
    expect(sessions).toHaveLength(home.files.size);
    expect(calls).toHaveLength(home.files.size);
    calls = [];
    await open().list();
    expect(calls).toEqual([]);
  });

  it('finds a word that only occurs in a tool output, with a snippet', async () => {
    const { sessions } = await open().list({ search: 'no such file or directory' });
    expect(sessions.map((s) => s.id)).toContain(SHELL_FAIL);
    const hit = sessions.find((s) => s.id === SHELL_FAIL)!;
    expect(hit.match_kind).toBe('tool_output');
    expect(hit.snippet).toMatch(/\[No\] \[such\] \[file\] \[or\] \[directory\]/);
    expect(hit.score).toBeGreaterThan(0);
  });

  it('indexes as much of a long tool output in Chinese as of one in English', async () => {
    const path = home.files.get(SIMPLE)!;
    // 6,000 characters, three bytes each: a word after the 3,500th is within the 4,000 the index keeps.
    const output = `${'漢'.repeat(3500)} zymurgy ${'漢'.repeat(2500)}`;
    const item = (payload: object) =>
      `${JSON.stringify({ timestamp: '2026-11-22T05:00:00.000Z', type: 'response_item', payload })}\n`;
    await appendFile(
      path,
      item({
        type: 'function_call',
        name: 'shell',
        arguments: '{"command":["cat","notes"]}',
        call_id: 'cjk',
      }) + item({ type: 'function_call_output', call_id: 'cjk', output }),
    );
    const { sessions } = await open().list({ search: 'zymurgy' });
    expect(sessions.map((s) => [s.id, s.match_kind])).toEqual([[SIMPLE, 'tool_output']]);
  });

  it('ranks the session that is about the words first', async () => {
    const store = open();
    const append = (id: string, text: string) =>
      appendFile(
        home.files.get(id)!,
        `${JSON.stringify({ timestamp: '2026-11-22T05:00:00.000Z', type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } })}\n`,
      );
    await append(SIMPLE, 'pelican pelican pelican migration');
    await append(SHELL_FAIL, `pelican ${'filler words about something else entirely '.repeat(40)}`);
    const { sessions, total } = await store.list({ search: 'pelican' });
    expect(total).toBe(2);
    expect(sessions.map((s) => s.id)).toEqual([SIMPLE, SHELL_FAIL]);
    expect((await store.list({ search: '"pelican migration"' })).sessions.map((s) => s.id)).toEqual([SIMPLE]);
    expect((await store.list({ search: 'pelican NOT) AND "(' })).total).toBe(0);
  });

  it('lists a session in both trees once, as archived', async () => {
    const path = home.files.get(SIMPLE)!;
    await mkdir(join(home.codexHome, 'archived_sessions'), { recursive: true });
    await copyFile(path, join(home.codexHome, 'archived_sessions', path.split('/').pop()!));
    const store = open();
    const { sessions } = await store.list();
    const matching = sessions.filter((s) => s.id === SIMPLE);
    expect(matching).toHaveLength(1);
    expect(matching[0]).toMatchObject({
      archived: true,
      path: join(home.codexHome, 'archived_sessions', path.split('/').pop()!),
    });
    expect((await store.list({ includeArchived: false })).sessions.map((s) => s.id)).not.toContain(SIMPLE);
  });

  it('lists every era, hiding TypeScript-era saves that a later save extends', async () => {
    const eras = join(FIXTURE_SESSIONS, '..', 'rollouts', 'eras');
    const names = (await readdir(eras)).filter((name) => name.includes('rollout-'));
    for (const name of names)
      await copyFile(
        join(eras, name),
        join(home.codexHome, 'sessions', name.replace(/^[a-z0-9]+-rollout-/, 'rollout-')),
      );
    const { sessions } = await open().list();
    const ids = sessions.map((s) => s.id);
    expect(ids).toContain('5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10');
    expect(ids).not.toContain('0c8e4b1a-2f3d-4e5c-9a6b-7d8e9f0a1b2c');
    expect(sessions).toHaveLength(home.files.size + names.length - 1);
    const ts = sessions.find((s) => s.id === '5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10')!;
    expect(ts).toMatchObject({ user_messages: 1, tool_calls: 1 });
  });

  it('still lists when the cache dir cannot be written, and says so', async () => {
    const blocked = join(home.root, 'not-a-dir');
    await writeFile(blocked, 'a file where the cache dir should be');
    const { sessions, issues } = await open({ cacheDir: join(blocked, 'cache') }).list();
    expect(sessions).toHaveLength(home.files.size);
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: join(blocked, 'cache'),
        examples: [
          expect.objectContaining({
            message: expect.stringMatching(/cannot be written.*CODEX_RETRO_CACHE_DIR/),
          }),
        ],
      }),
    );
  });

  it('reports a rollout without any session id instead of listing it', async () => {
    const path = join(home.codexHome, 'sessions', 'rollout-scratch.jsonl');
    await writeFile(path, 'not json at all\n');
    const { sessions, issues } = await open().list();
    expect(sessions).toHaveLength(home.files.size);
    expect(issues).toContainEqual(expect.objectContaining({ path, counts: { unknown_line: 1 } }));
  });

  it('filters by days, dates and project', async () => {
    expect((await open({ now: () => new Date('2026-11-23T00:00:00Z') }).list({ days: 1 })).total).toBe(
      home.files.size,
    );
    expect((await open({ now: () => new Date('2026-11-30T00:00:00Z') }).list({ days: 7 })).total).toBe(0);
    const store = open();
    expect((await store.list({ since: '2026-11-23' })).total).toBe(0);
    expect((await store.list({ until: new Date('2026-11-21T00:00:00Z') })).total).toBe(0);
    expect((await store.list({ project: '/home/dev/work/demo-repo' })).total).toBe(home.files.size);
    expect((await store.list({ project: '/home/dev/work' })).total).toBe(home.files.size);
    expect((await store.list({ project: '/home/dev/work/demo' })).total).toBe(0);
    expect((await store.list({ project: 'demo-repo' })).total).toBe(home.files.size);
    expect((await store.list({ project: 'demo' })).total).toBe(0);
  });

  it('pages through the list', async () => {
    const store = open();
    const all = (await store.list()).sessions.map((s) => s.id);
    const page = await store.list({ offset: 2, limit: 3 });
    expect(page.total).toBe(all.length);
    expect(page.sessions.map((s) => s.id)).toEqual(all.slice(2, 5));
  });

  it('takes the title from session_index.jsonl, last name winning', async () => {
    const lines = [
      { id: SIMPLE, thread_name: 'Greeting test', updated_at: '2026-11-22T03:00:00Z' },
      { id: SIMPLE, thread_name: 'Greeting check', updated_at: '2026-11-22T03:01:00Z' },
    ];
    await writeFile(
      join(home.codexHome, 'session_index.jsonl'),
      lines.map((l) => JSON.stringify(l)).join('\n'),
    );
    const store = open();
    expect((await store.list()).sessions.find((s) => s.id === SIMPLE)?.title).toBe('Greeting check');
    expect((await store.get(SIMPLE))?.metadata.title).toBe('Greeting check');
  });

  it('hides sessions codex-retro started unless asked', async () => {
    await recordOwnThread(home.stateDir, SIMPLE, {
      job_id: 'job-20261122T030000000Z-0a1b2c3d',
      kind: 'insights',
    });
    const store = open();
    expect((await store.list()).sessions.map((s) => s.id)).not.toContain(SIMPLE);
    expect((await store.list({ includeOwn: true })).sessions.map((s) => s.id)).toContain(SIMPLE);
  });

  it('gets one transcript, or null for an unknown id', async () => {
    const store = open();
    const detail = await store.get(SHELL_FAIL);
    expect(detail?.id).toBe(SHELL_FAIL);
    expect(detail?.metadata.parse_issues).toEqual({ counts: {}, examples: [] });
    expect(detail?.messages.some((m) => m.kind === 'tool_output' && m.tool?.exit_code === 3)).toBe(true);
    expect(await store.resolvePath(SHELL_FAIL)).toBe(home.files.get(SHELL_FAIL));
    expect(await store.get('01a2011f-0000-7000-8000-000000000000')).toBeNull();
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'invalid_id' });
  });

  it('yields full transcripts for a filter', async () => {
    const ids: string[] = [];
    for await (const detail of open().listDetails({ days: 1 })) ids.push(detail.id);
    expect(new Set(ids)).toEqual(new Set(home.files.keys()));
  });

  it('reports a torn last line until the line is complete', async () => {
    const store = open();
    await store.list();
    const path = home.files.get(SIMPLE)!;
    const line = JSON.stringify({
      timestamp: '2026-11-22T05:00:00.000Z',
      type: 'response_item',
      payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'half written' }] },
    });
    await appendFile(path, line.slice(0, 40));
    const torn = await store.list();
    expect(torn.issues).toEqual([
      expect.objectContaining({ path, id: SIMPLE, counts: { torn_last_line: 1 } }),
    ]);
    await appendFile(path, `${line.slice(40)}\n`);
    const whole = await store.list();
    expect(whole.issues).toEqual([]);
    expect(whole.sessions.find((s) => s.id === SIMPLE)?.updated_at).toBe('2026-11-22T05:00:00.000Z');
  });
});
