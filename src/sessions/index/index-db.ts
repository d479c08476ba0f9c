import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { EntryKind, EntryRole, ParseIssueReport, ScannedMetadata } from '../types.js';

/** Bump when the tables below change: an older cache is then deleted and rebuilt. */
const SCHEMA_VERSION = 5;
const PAGE_SIZE = 16384;

/** The parser's summary of a file, as the cache stores it (no path or archived flag: those are the file's). */
type ScanMetadata = ScannedMetadata;

/** Where the parser stopped; stored as JSON and handed back when the file grows. */
interface StoredCheckpoint {
  parser_version: number;
  offset: number;
  line: number;
  state: unknown;
  summary?: true;
}

/** Searchable text of one transcript entry. */
export interface StoredDoc {
  line: number;
  kind: EntryKind;
  role: EntryRole;
  text: string;
}

/** What the cache knows about one rollout file. */
export interface IndexedFile {
  id: number;
  path: string;
  archived: boolean;
  size: number;
  mtimeMs: number;
  ino: number;
  /** Fingerprint of the file's first bytes and those just before the checkpoint: a grown file must still hold them. */
  fingerprint: string;
  /** Its `parse_issues` are the file's issues. */
  metadata: ScanMetadata;
  itemHashes: string[] | null;
}

export interface FileUpdate {
  path: string;
  archived: boolean;
  size: number;
  mtimeMs: number;
  ino: number;
  fingerprint: string;
  /** Its `parse_issues` are the file's issues. */
  metadata: ScanMetadata;
  checkpoint: StoredCheckpoint;
  itemHashes: string[] | null;
}

/** A file whose search text is missing or ends before what the list has read of it. */
export interface DocsBehind {
  id: number;
  path: string;
  size: number;
  /** Where the search text ends: continue from here (null: none yet, read from the start). */
  checkpoint: StoredCheckpoint | null;
}

export interface DocHit {
  docId: number;
  fileId: number;
  score: number;
  kind: string;
  role: string;
  /** The rollout line of the entry the doc is the text of. */
  line: number;
}

/** What a sync compares with the disk: no metadata parsed. */
export type FileKey = Pick<IndexedFile, 'id' | 'path' | 'size' | 'mtimeMs' | 'ino' | 'fingerprint'>;

export interface IndexDb {
  /** The database file (`:memory:` for a cache that lives in this process only). */
  readonly file: string;
  /** Why the cache file was thrown away on open, if it was. */
  readonly rebuilt: 'corrupt' | 'outdated' | null;
  listFiles(): IndexedFile[];
  listFileKeys(): FileKey[];
  readCheckpoint(fileId: number): StoredCheckpoint | null;
  readIssues(fileId: number): ParseIssueReport | null;
  /**
   * Writes a file's row; `append` (the file grew) keeps its search text, `replace` (read from the start) drops it
   * (it is read again for the next search).
   */
  saveFile(update: FileUpdate, mode: 'append' | 'replace'): void;
  /** Files whose search text is missing or behind what the list has read (readable ones only). */
  listDocsBehind(): DocsBehind[];
  /**
   * Saves a file's search text read from `from` (the checkpoint its reading continued, null from the start) up to
   * `checkpoint`. False when the file's text changed meanwhile (another process, a new list): nothing is saved.
   */
  saveDocs(path: string, from: number | null, docs: StoredDoc[], checkpoint: StoredCheckpoint): boolean;
  deleteFile(fileId: number): void;
  /** Every doc matching an FTS5 query, best first. */
  searchDocs(ftsQuery: string): DocHit[];
  /** Text around the doc's best match, each matched term between U+FDD0 and U+FDD1. */
  snippet(ftsQuery: string, docId: number): string | null;
  transaction<T>(work: () => T): T;
  close(): void;
}

interface FileRecord {
  id: number;
  path: string;
  archived: number;
  size: number;
  mtime_ms: number;
  ino: number;
  fingerprint: string;
  metadata: string;
  item_hashes: string | null;
}

const CREATE = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
  id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, archived INTEGER NOT NULL, size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL, ino INTEGER NOT NULL, fingerprint TEXT NOT NULL, metadata TEXT NOT NULL,
  item_hashes TEXT,
  -- Where the list's reading and the search text's reading stopped (-1: no search text yet).
  scanned_to INTEGER NOT NULL, docs_to INTEGER NOT NULL DEFAULT -1
);
-- Parser state is only read when a file grew: kept apart so listing reads small rows.
CREATE TABLE checkpoints (file_id INTEGER PRIMARY KEY, checkpoint TEXT NOT NULL);
-- The same for the search text, read in a reading of its own (after the list, for the first search).
CREATE TABLE doc_checkpoints (file_id INTEGER PRIMARY KEY, checkpoint TEXT NOT NULL);
CREATE TABLE doc_meta (
  id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL, line INTEGER NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL
);
CREATE INDEX doc_meta_file ON doc_meta (file_id);
CREATE VIRTUAL TABLE docs USING fts5 (text, tokenize = 'porter unicode61 remove_diacritics 2');
`;

/**
 * Opens the on-disk index cache, creating it when missing. A file that is not a readable database, or
 * that was written by another schema or parser version, is deleted and rebuilt — never trusted.
 */
export function openIndexDb(file: string, parserVersion: number, options: { fresh?: boolean } = {}): IndexDb {
  if (options.fresh) removeDbFiles(file);
  try {
    return openExisting(file, parserVersion, options.fresh ? 'corrupt' : null);
  } catch (error) {
    removeDbFiles(file);
    return openExisting(file, parserVersion, error instanceof OutdatedIndex ? 'outdated' : 'corrupt');
  }
}

/**
 * A second connection to a cache another thread has just opened with `openIndexDb`, for writing beside it.
 * Never deletes: a problem here is an error for the caller.
 */
export function openIndexDbForWriting(file: string, parserVersion: number): IndexDb {
  return openExisting(file, parserVersion, null);
}

class OutdatedIndex extends Error {}

function openExisting(file: string, parserVersion: number, rebuilt: IndexDb['rebuilt']): IndexDb {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    // Only takes effect on a new file: larger pages write the search index in fewer, fuller pages.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    // No fsync: the cache holds nothing the rollouts cannot give again, and a cold build spent about a third
    // of its save time waiting on the disk. A crash of the process loses nothing (WAL); a power cut may damage
    // the file, which is then deleted and rebuilt like any other damaged cache.
    db.pragma('synchronous = OFF');
    const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!hasMeta) {
      const empty = db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number };
      if (empty.n > 0) throw new OutdatedIndex('unknown tables');
      db.exec(CREATE);
      const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      put.run('schema_version', String(SCHEMA_VERSION));
      put.run('parser_version', String(parserVersion));
      return wrap(db, file, rebuilt);
    }
    const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
    const meta = new Map(rows.map((row) => [row.key, row.value]));
    if (
      meta.get('schema_version') !== String(SCHEMA_VERSION) ||
      meta.get('parser_version') !== String(parserVersion)
    ) {
      throw new OutdatedIndex('written by another version');
    }
    // Preparing the statements reads the schema and the search table's config: a damaged cache fails here.
    return wrap(db, file, rebuilt);
  } catch (error) {
    db.close();
    throw error;
  }
}

function removeDbFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

function wrap(db: Database.Database, file: string, rebuilt: IndexDb['rebuilt']): IndexDb {
  const selectFiles = db.prepare(
    'SELECT id, path, archived, size, mtime_ms, ino, fingerprint, metadata, item_hashes FROM files',
  );
  const selectKeys = db.prepare('SELECT id, path, size, mtime_ms AS mtimeMs, ino, fingerprint FROM files');
  const selectCheckpoint = db.prepare('SELECT checkpoint FROM checkpoints WHERE file_id = ?');
  // Plain INSERT and UPDATE, not upserts: a statement that may need to undo part of itself opens a statement
  // savepoint, and FTS5 flushes its pending terms at every savepoint (a new segment per file on a cold build).
  const insertCheckpoint = db.prepare('INSERT INTO checkpoints (file_id, checkpoint) VALUES (?, ?)');
  const updateCheckpoint = db.prepare('UPDATE checkpoints SET checkpoint = ? WHERE file_id = ?');
  const deleteCheckpoint = db.prepare('DELETE FROM checkpoints WHERE file_id = ?');
  const selectIssues = db.prepare(
    "SELECT json_extract(metadata, '$.parse_issues') AS issues FROM files WHERE id = ?",
  );
  const selectFileId = db.prepare('SELECT id FROM files WHERE path = ?');
  const insertFile = db.prepare(`
    INSERT INTO files (path, archived, size, mtime_ms, ino, fingerprint, metadata, item_hashes, scanned_to)
    VALUES (@path, @archived, @size, @mtime_ms, @ino, @fingerprint, @metadata, @item_hashes, @scanned_to)`);
  const updateFile = db.prepare(`
    UPDATE files SET archived = @archived, size = @size, mtime_ms = @mtime_ms, ino = @ino,
      fingerprint = @fingerprint, metadata = @metadata, item_hashes = @item_hashes, scanned_to = @scanned_to
    WHERE id = @id`);
  const selectDocsBehind = db.prepare(`
    SELECT f.id AS id, f.path AS path, f.size AS size, c.checkpoint AS checkpoint FROM files f
    LEFT JOIN doc_checkpoints c ON c.file_id = f.id
    WHERE f.size >= 0 AND (f.docs_to < 0 OR f.docs_to < f.scanned_to)`);
  const selectDocsTo = db.prepare('SELECT id, docs_to AS docsTo FROM files WHERE path = ?');
  const setDocsTo = db.prepare('UPDATE files SET docs_to = ? WHERE id = ?');
  const insertDocCheckpoint = db.prepare('INSERT INTO doc_checkpoints (file_id, checkpoint) VALUES (?, ?)');
  const updateDocCheckpoint = db.prepare('UPDATE doc_checkpoints SET checkpoint = ? WHERE file_id = ?');
  const deleteDocCheckpoint = db.prepare('DELETE FROM doc_checkpoints WHERE file_id = ?');
  const deleteDocs = db.prepare(
    'DELETE FROM docs WHERE rowid IN (SELECT id FROM doc_meta WHERE file_id = ?)',
  );
  const deleteDocMeta = db.prepare('DELETE FROM doc_meta WHERE file_id = ?');
  const deleteFileRow = db.prepare('DELETE FROM files WHERE id = ?');
  const insertDocMeta = db.prepare('INSERT INTO doc_meta (file_id, line, kind, role) VALUES (?, ?, ?, ?)');
  const insertDoc = db.prepare('INSERT INTO docs (rowid, text) VALUES (CAST(? AS INTEGER), ?)');
  const search = db.prepare(`
    SELECT docs.rowid AS docId, m.file_id AS fileId, bm25(docs) AS score, m.kind AS kind, m.role AS role,
      m.line AS line
    FROM docs JOIN doc_meta m ON m.id = docs.rowid WHERE docs MATCH ? ORDER BY score`);
  // The matches are marked with Unicode noncharacters (U+FDD0, U+FDD1), which text exchanged between programs
  // does not hold, so a bracket in the text is never read as a mark (search/snippet.ts).
  const snippet = db.prepare(
    "SELECT snippet(docs, 0, char(64976), char(64977), '…', 24) AS text FROM docs WHERE docs MATCH ? AND rowid = CAST(? AS INTEGER)",
  );

  const removeDocs = (fileId: number): void => {
    deleteDocs.run(fileId);
    deleteDocMeta.run(fileId);
    deleteDocCheckpoint.run(fileId);
    setDocsTo.run(-1, fileId);
  };

  const deleteFile = (fileId: number): void => {
    removeDocs(fileId);
    deleteCheckpoint.run(fileId);
    deleteFileRow.run(fileId);
  };

  const insertDocs = (fileId: number, docs: StoredDoc[]): void => {
    for (const doc of docs) {
      if (doc.text.trim() === '') continue;
      const docId = insertDocMeta.run(fileId, doc.line, doc.kind, doc.role).lastInsertRowid;
      insertDoc.run(docId, doc.text);
    }
  };

  const saveDocs = (
    path: string,
    from: number | null,
    docs: StoredDoc[],
    checkpoint: StoredCheckpoint,
  ): boolean => {
    const row = selectDocsTo.get(path) as { id: number; docsTo: number } | undefined;
    // Gone, or its text read meanwhile from elsewhere than where this reading started.
    if (!row || (from !== null && row.docsTo !== from)) return false;
    if (from === null) removeDocs(row.id);
    insertDocs(row.id, docs);
    const text = JSON.stringify(checkpoint);
    if (updateDocCheckpoint.run(text, row.id).changes === 0) insertDocCheckpoint.run(row.id, text);
    setDocsTo.run(checkpoint.offset, row.id);
    return true;
  };
  // Within the caller's transaction no savepoint is opened (see above); alone, the write lock is taken first.
  const inTransaction =
    <A extends unknown[]>(work: (...args: A) => void) =>
    (...args: A): void =>
      db.inTransaction ? work(...args) : db.transaction(work).immediate(...args);

  const saveFile = (update: FileUpdate, mode: 'append' | 'replace'): void => {
    const existing = selectFileId.get(update.path) as { id: number } | undefined;
    if (existing && mode === 'replace') removeDocs(existing.id);
    const row = {
      archived: update.archived ? 1 : 0,
      size: update.size,
      mtime_ms: update.mtimeMs,
      ino: update.ino,
      fingerprint: update.fingerprint,
      metadata: JSON.stringify(update.metadata),
      item_hashes: update.itemHashes === null ? null : JSON.stringify(update.itemHashes),
      scanned_to: update.checkpoint.offset,
    };
    const checkpoint = JSON.stringify(update.checkpoint);
    let id: number;
    if (existing) {
      id = existing.id;
      updateFile.run({ ...row, id });
      if (updateCheckpoint.run(checkpoint, id).changes === 0) insertCheckpoint.run(id, checkpoint);
    } else {
      id = Number(insertFile.run({ ...row, path: update.path }).lastInsertRowid);
      insertCheckpoint.run(id, checkpoint);
    }
  };

  return {
    file,
    rebuilt,
    listFiles: () =>
      (selectFiles.all() as FileRecord[]).map((row) => ({
        id: row.id,
        path: row.path,
        archived: row.archived === 1,
        size: row.size,
        mtimeMs: row.mtime_ms,
        ino: row.ino,
        fingerprint: row.fingerprint,
        metadata: JSON.parse(row.metadata) as ScanMetadata,
        itemHashes: row.item_hashes === null ? null : (JSON.parse(row.item_hashes) as string[]),
      })),
    listFileKeys: () => selectKeys.all() as FileKey[],
    readCheckpoint: (fileId) => {
      const row = selectCheckpoint.get(fileId) as { checkpoint: string } | undefined;
      return row ? (JSON.parse(row.checkpoint) as StoredCheckpoint) : null;
    },
    readIssues: (fileId) => {
      const row = selectIssues.get(fileId) as { issues: string | null } | undefined;
      return row?.issues ? (JSON.parse(row.issues) as ParseIssueReport) : null;
    },
    saveFile: (update, mode) => inTransaction(saveFile)(update, mode),
    listDocsBehind: () =>
      (selectDocsBehind.all() as { id: number; path: string; size: number; checkpoint: string | null }[]).map(
        (row) => ({
          ...row,
          checkpoint: row.checkpoint === null ? null : (JSON.parse(row.checkpoint) as StoredCheckpoint),
        }),
      ),
    saveDocs: (path, from, docs, checkpoint) => {
      let saved = false;
      inTransaction(() => {
        saved = saveDocs(path, from, docs, checkpoint);
      })();
      return saved;
    },
    deleteFile: (fileId) => inTransaction(deleteFile)(fileId),
    searchDocs: (ftsQuery) => search.all(ftsQuery) as DocHit[],
    snippet: (ftsQuery, docId) =>
      (snippet.get(ftsQuery, docId) as { text: string } | undefined)?.text ?? null,
    transaction: (work) => db.transaction(work).immediate(),
    close: () => db.close(),
  };
}
