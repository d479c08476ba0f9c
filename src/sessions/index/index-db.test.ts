import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { plainSessionFacts } from '../../../test/helpers/session-facts.js';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { bracketed, splitMarked } from '../search/snippet.js';
import { type FileUpdate, type IndexDb, openIndexDb, type StoredDoc } from './index-db.js';
import { buildFtsQuery, matchFiles } from './search.js';

const ID = '01a2011f-d1e3-74e0-9ac8-7d18fff8ef82';

function update(path: string, title = 'Fix the build'): FileUpdate {
  return {
    path,
    archived: false,
    size: 100,
    mtimeMs: 1,
    ino: 7,
    fingerprint: 'abc',
    checkpoint: { parser_version: 1, offset: 100, line: 3, state: { open_calls: [] } },
    itemHashes: null,
    metadata: {
      id: ID,
      title,
      era: 'C6',
      started_at: '2026-11-22T02:39:52.000Z',
      updated_at: '2026-11-22T02:40:00.000Z',
      cwd: '/work/app',
      repo_hint: null,
      git: null,
      model: 'gpt-5.5',
      models: ['gpt-5.5'],
      model_provider: 'openai',
      cli_version: '0.169.0',
      originator: 'codex_exec',
      source: 'exec',
      forked_from_id: null,
      user_messages: 1,
      assistant_messages: 1,
      tool_calls: 0,
      tool_errors: 0,
      turns: 1,
      ...plainSessionFacts(),
      tokens: { input: 1, cached_input: 0, output: 1, reasoning: 0, total: 2 },
      tokens_by_model: { 'gpt-5.5': { input: 1, cached_input: 0, output: 1, reasoning: 0, total: 2 } },
      usage_slots: {
        '2026-11-22T02:30': { 'gpt-5.5': { input: 1, cached_input: 0, output: 1, reasoning: 0, total: 2 } },
      },
      parse_issues: { counts: {}, examples: [] },
    },
  };
}

/** Saves search text read from `from` up to `to` (null: from the start). */
function saveText(db: IndexDb, path: string, from: number | null, to: number, docs: StoredDoc[]): boolean {
  return db.saveDocs(path, from, docs, { parser_version: 1, offset: to, line: 3, state: {} });
}

describe('index cache db', () => {
  const dir = tempDirEach('index-db-');
  let file: string;
  beforeEach(() => {
    file = join(dir(), 'index.sqlite');
  });

  it('keeps files and their searchable text across opens', () => {
    const db = openIndexDb(file, 1);
    expect(db.rebuilt).toBeNull();
    const issues = {
      counts: { malformed_line: 1 },
      examples: [{ kind: 'malformed_line' as const, line: 4, message: 'The line is not valid JSON.' }],
    };
    const saved = update('/a.jsonl');
    saved.metadata.parse_issues = issues;
    db.saveFile(saved, 'replace');
    saveText(db, '/a.jsonl', null, 100, [
      { line: 2, kind: 'tool_output', role: 'tool', text: 'ECONNREFUSED on port 5432' },
    ]);
    db.close();
    const again = openIndexDb(file, 1);
    expect(again.rebuilt).toBeNull();
    const [row] = again.listFiles();
    expect(row).toMatchObject({ path: '/a.jsonl', size: 100, ino: 7, metadata: { title: 'Fix the build' } });
    expect(row!.metadata.parse_issues).toEqual(issues);
    expect(again.readIssues(row!.id)).toEqual(issues);
    expect(again.readIssues(row!.id + 1)).toBeNull();
    expect(again.readCheckpoint(row!.id)).toEqual({
      parser_version: 1,
      offset: 100,
      line: 3,
      state: { open_calls: [] },
    });
    const query = buildFtsQuery('econnrefused')!;
    const [match] = matchFiles(again, query);
    expect(match).toMatchObject({ fileId: row!.id, kind: 'tool_output', hits: 1, line: 2 });
    expect(splitMarked(again.snippet(query, match!.docId)!)).toEqual([
      { text: 'ECONNREFUSED', match: true },
      { text: ' on port 5432' },
    ]);
    again.close();
  });

  it('gives each matching doc its own snippet', () => {
    const db = openIndexDb(file, 1);
    const names = ['alpha', 'bravo', 'charlie', 'delta'];
    names.forEach((name, i) => {
      const text = `${'filler words '.repeat(30 * i)}${name} saw kubernetes ingress fail ${'more filler '.repeat(20)}`;
      db.saveFile(update(`/${name}.jsonl`), 'replace');
      saveText(db, `/${name}.jsonl`, null, 100, [{ line: 1, kind: 'tool_output', role: 'tool', text }]);
    });
    const query = buildFtsQuery('kubernetes ingress')!;
    const matches = matchFiles(db, query);
    expect(matches).toHaveLength(names.length);
    const pathOf = new Map(db.listFiles().map((row) => [row.id, row.path]));
    for (const match of matches) {
      const name = pathOf.get(match.fileId)!.slice(1, -'.jsonl'.length);
      expect(bracketed(splitMarked(db.snippet(query, match.docId)!))).toContain(
        `${name} saw [kubernetes] [ingress] fail`,
      );
    }
    db.close();
  });

  it('appends the text of a continued reading and drops it when the list reads the file again', () => {
    const db = openIndexDb(file, 1);
    db.saveFile(update('/a.jsonl'), 'replace');
    expect(db.listDocsBehind().map((row) => [row.path, row.checkpoint])).toEqual([['/a.jsonl', null]]);
    expect(
      saveText(db, '/a.jsonl', null, 60, [{ line: 1, kind: 'message', role: 'user', text: 'alpha' }]),
    ).toBe(true);
    // Read to 60 of the 100 bytes the list read: still behind, and continued from 60.
    expect(db.listDocsBehind().map((row) => row.checkpoint?.offset)).toEqual([60]);
    // A reading that started elsewhere (another process got there first) saves nothing.
    expect(
      saveText(db, '/a.jsonl', 30, 100, [{ line: 5, kind: 'message', role: 'assistant', text: 'delta' }]),
    ).toBe(false);
    expect(
      saveText(db, '/a.jsonl', 60, 100, [{ line: 5, kind: 'message', role: 'assistant', text: 'beta' }]),
    ).toBe(true);
    expect(db.listDocsBehind()).toEqual([]);
    expect(matchFiles(db, '"alpha"')).toHaveLength(1);
    expect(matchFiles(db, '"beta"')).toHaveLength(1);
    expect(matchFiles(db, '"delta"')).toHaveLength(0);
    // The file grew: the list continues it and its text stays, behind.
    db.saveFile(
      { ...update('/a.jsonl'), checkpoint: { ...update('/a.jsonl').checkpoint, offset: 150 } },
      'append',
    );
    expect(matchFiles(db, '"alpha"')).toHaveLength(1);
    expect(db.listDocsBehind().map((row) => row.checkpoint?.offset)).toEqual([100]);
    // Read again from the start: the text goes, to be read again.
    db.saveFile(update('/a.jsonl'), 'replace');
    expect(matchFiles(db, '"alpha"')).toHaveLength(0);
    expect(db.listDocsBehind().map((row) => row.checkpoint)).toEqual([null]);
    saveText(db, '/a.jsonl', null, 100, [{ line: 1, kind: 'message', role: 'user', text: 'gamma' }]);
    expect(matchFiles(db, '"gamma"')).toHaveLength(1);
    expect(db.listFiles()).toHaveLength(1);
    db.close();
  });

  it('reads no text of a file it could not read', () => {
    const db = openIndexDb(file, 1);
    db.saveFile({ ...update('/a.jsonl'), size: -1 }, 'replace');
    expect(db.listDocsBehind()).toEqual([]);
    db.close();
  });

  it('forgets a deleted file and its text', () => {
    const db = openIndexDb(file, 1);
    db.saveFile(update('/a.jsonl'), 'replace');
    saveText(db, '/a.jsonl', null, 100, [{ line: 1, kind: 'message', role: 'user', text: 'alpha' }]);
    db.deleteFile(db.listFiles()[0]!.id);
    expect(db.listFiles()).toEqual([]);
    expect(matchFiles(db, '"alpha"')).toEqual([]);
    db.close();
  });

  it('rebuilds a cache file that is not a database', async () => {
    await writeFile(file, 'this is not sqlite at all, just garbage bytes '.repeat(200));
    const db = openIndexDb(file, 1);
    expect(db.rebuilt).toBe('corrupt');
    expect(db.listFiles()).toEqual([]);
    db.saveFile(update('/a.jsonl'), 'replace');
    expect(db.listFiles()).toHaveLength(1);
    db.close();
  });

  it('rebuilds a cache written by another parser or schema version', () => {
    const db = openIndexDb(file, 1);
    db.saveFile(update('/a.jsonl'), 'replace');
    db.close();
    const newer = openIndexDb(file, 2);
    expect(newer.rebuilt).toBe('outdated');
    expect(newer.listFiles()).toEqual([]);
    newer.close();

    const raw = new Database(file);
    raw.prepare("UPDATE meta SET value = '0' WHERE key = 'schema_version'").run();
    raw.close();
    const again = openIndexDb(file, 2);
    expect(again.rebuilt).toBe('outdated');
    again.close();
  });
});
