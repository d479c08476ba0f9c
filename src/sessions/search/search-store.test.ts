import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendRawLines, appendReply, appendToolOutput } from '../../../test/helpers/planted-store.js';
import { makeStoreHome, type StoreHome } from '../../../test/helpers/store-home.js';
import { openSessionStore, type SearchEvents } from '../store.js';

/** Search through the store, as `sessions list --search` and the API do, on the real fixture rollouts. */
describe('search that misses nothing', () => {
  let home: StoreHome;
  let ids: string[];
  let modern: string[];
  let legacy: string[];
  beforeEach(async () => {
    home = await makeStoreHome();
    ids = [...home.files.keys()].sort();
    const isModern = (id: string) => readFileSync(home.files.get(id) as string, 'utf8').includes('"ordinal"');
    modern = ids.filter(isModern);
    legacy = ids.filter((id) => !isModern(id));
  });
  afterEach(() => home.cleanup());

  const search = async (text: string, events?: SearchEvents) => {
    const store = openSessionStore({
      codexHome: home.codexHome,
      cacheDir: home.cacheDir,
      stateDir: home.stateDir,
    });
    try {
      return await store.list({ search: text, includeOwn: true }, events);
    } finally {
      store.close();
    }
  };
  const idsOf = (result: Awaited<ReturnType<typeof search>>) => result.sessions.map((s) => s.id).sort();
  const path = (id: string) => home.files.get(id) as string;

  it('finds a word past the 4,000th character of a tool output, after the index hits', async () => {
    const [deep, early] = [modern[0]!, legacy[0]!];
    appendToolOutput(path(deep), `${'PASS src/a.test.ts\n'.repeat(400)}FAIL bandersnatchite.test.ts`);
    appendToolOutput(path(early), 'FAIL bandersnatchite.test.ts right away');
    const ranked: string[] = [];
    const found: string[] = [];
    const result = await search('bandersnatchite', {
      onRanked: (sessions) => ranked.push(...sessions.map((s) => s.id)),
      onFound: (session) => found.push(session.id),
    });
    expect(ranked).toEqual([early]);
    expect(found).toEqual([deep]);
    expect(result.sessions.map((s) => s.id)).toEqual([early, deep]);
    expect(result.total).toBe(2);
    expect(result.sessions[1]).toMatchObject({ match_kind: 'tool_output' });
    expect(result.sessions[1]?.snippet).toMatch(/FAIL \[bandersnatchite\]\.test\.ts$/);
  });

  it('says which entry holds the hit and marks the match apart from brackets the text holds', async () => {
    const [indexed, deep] = [modern[3]!, legacy[3]!];
    appendToolOutput(path(indexed), 'ls: cannot access /[quokkaphant]/not/here: No such file');
    appendToolOutput(path(deep), `${'ok 1 - fine\n'.repeat(500)}ls /[quokkaphant]/not/here failed`);
    const result = await search('quokkaphant');
    expect(result.sessions.map((s) => s.id)).toEqual([indexed, deep]);
    for (const [i, id] of [indexed, deep].entries()) {
      const hit = result.sessions[i]!;
      const marked = hit.snippet_segments?.filter((segment) => segment.match).map((segment) => segment.text);
      expect(marked).toEqual(['quokkaphant']);
      expect(hit.snippet_segments?.map((segment) => segment.text).join('')).toContain(
        '/[quokkaphant]/not/here',
      );
      // The line is the entry's: the output appended last, on the rollout's last line.
      const lines = readFileSync(path(id), 'utf8').trimEnd().split('\n');
      expect(hit.match_line).toBe(lines.length - 1);
      expect(lines[hit.match_line!]).toContain('function_call_output');
    }
  });

  it('finds a file:line:column string exactly, in both output formats', async () => {
    const [a, b, c, d] = [modern[1]!, legacy[1]!, modern[2]!, legacy[2]!];
    const deep = (text: string) => `${'ok 1 - something passed\n'.repeat(300)}${text}\n`;
    appendToolOutput(path(a), deep('src/module_417.ts:611:3 - error TS2345: Argument of type'));
    appendToolOutput(path(b), deep('at run (/repo/src/module_417.ts:611:3)'));
    appendToolOutput(path(c), deep('src/module_417.ts:612:3 - error and module_4170.ts:611:3'));
    appendReply(path(d), 'The failure is in module_417.ts:611:3, the argument is a string.');
    expect(idsOf(await search('module_417.ts:611:3'))).toEqual([a, b, d].sort());
  });

  it('finds text with quotes, backslashes, tabs and non-ASCII, however the writer escaped it', async () => {
    const query = 'expected "Grüße"\tgot C:\\temp';
    const [a, b, c] = [modern[3]!, legacy[3]!, modern[4]!];
    appendToolOutput(path(a), `${'.'.repeat(5000)}\n${query}\n`);
    appendToolOutput(path(b), `${'.'.repeat(5000)}\n${query}\n`);
    // A model writing a call's arguments may spell non-ASCII as \u escapes; past what the index keeps.
    const args = `{\\"cmd\\":\\"echo ${'.'.repeat(5000)} caf\\\\u00E9 cr\\\\u00E8me\\"}`;
    appendRawLines(path(c), [
      `{"timestamp":"2026-11-22T03:00:00.000Z","type":"response_item","payload":{"type":"function_call","name":"exec_command","arguments":"${args}","call_id":"call_u"}}`,
    ]);
    expect(idsOf(await search(query))).toEqual([a, b].sort());
    const accented = await search('café crème');
    expect(idsOf(accented)).toEqual([c]);
    expect(accented.sessions[0]?.snippet).toMatch(/\.\.\. \[café crème\]$/);
  });

  it('finds nothing for text that is only inside a redacted secret', async () => {
    const [a, b] = [modern[5]!, legacy[4]!];
    const key = 'sk-4Ree7NAw8MhdkW3oAwdYYiDyXwdSu78e9KCe3Oejj8x1O958';
    appendToolOutput(path(a), `${'env dump\n'.repeat(600)}OPENAI_API_KEY=${key}\n`);
    appendToolOutput(path(b), `export OPENAI_API_KEY=${key}`);
    const grep = execFileSync('grep', ['-rlF', 'YiDyXwdSu78e9', home.codexHome], { encoding: 'utf8' });
    expect(grep.trim().split('\n')).toHaveLength(2);
    expect((await search('YiDyXwdSu78e9')).sessions).toEqual([]);
  });

  it('reports a file that vanished or cannot be read mid-search, and still lists the rest', async () => {
    const [gone, unreadable, kept] = [modern[6]!, legacy[5]!, modern[7]!];
    for (const id of [gone, unreadable, kept]) {
      appendToolOutput(path(id), `${'-'.repeat(6000)} jabberwockite`);
    }
    // After the index is brought up to date (it has seen all three), before the rollouts are read.
    const result = await search('jabberwockite', {
      onRanked: () => {
        unlinkSync(path(gone));
        renameSync(path(unreadable), `${path(unreadable)}.moved`);
        mkdirSync(path(unreadable));
      },
    });
    expect(idsOf(result)).toEqual([kept]);
    const problems = Object.fromEntries(result.issues.map((issue) => [issue.id, issue.examples[0]]));
    expect(problems[gone]).toMatchObject({ kind: 'vanished' });
    expect(problems[unreadable]).toMatchObject({ kind: 'read_error' });
  });
});
