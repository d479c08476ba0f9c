import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import type * as IndexDbModule from './index-db.js';
import type { ScannedText } from './index-save.js';
import type * as IndexWriterModule from './index-writer.js';

// The writer runs a built thread script, so it is exercised through dist/ (built by the global setup).
const dist = (file: string) => new URL(`../../../dist/sessions/${file}`, import.meta.url).href;
const { startIndexWriter } = (await import(dist('index/index-writer.js'))) as typeof IndexWriterModule;
const { openIndexDb } = (await import(dist('index/index-db.js'))) as typeof IndexDbModule;

/** The search text of a file in the cache, read to its end. */
function scannedText(path: string, text: string): ScannedText {
  return {
    path,
    from: null,
    outcome: {
      ok: true,
      fingerprint: 'f',
      result: {
        metadata: {} as never,
        checkpoint: { parser_version: 1, offset: 10, line: 1, state: {} },
        docs: [{ line: 0, kind: 'message', role: 'user', ts: null, text }],
        issues: [],
        continued: false,
      },
    },
  };
}

/** A row for `path` in the cache, as the list leaves it. */
function listed(db: ReturnType<typeof openIndexDb>, path: string): void {
  db.saveFile(
    {
      path,
      archived: false,
      size: 10,
      mtimeMs: 1,
      ino: 1,
      fingerprint: 'f',
      metadata: {} as never,
      checkpoint: { parser_version: 1, offset: 10, line: 1, state: {} },
      itemHashes: null,
    },
    'replace',
  );
}

describe('startIndexWriter', () => {
  const dir = tempDirEach('index-writer-');

  it('saves batches of search text on its own thread and counts them', async () => {
    const file = join(dir(), 'index.sqlite');
    const db = openIndexDb(file, 1);
    listed(db, '/a.jsonl');
    listed(db, '/b.jsonl');
    const writer = startIndexWriter(file, 1);
    await writer.write([scannedText('/a.jsonl', 'alpha')]);
    // A file the list no longer has is not saved.
    await writer.write([scannedText('/b.jsonl', 'bravo'), scannedText('/gone.jsonl', 'charlie')]);
    expect(await writer.finish()).toBe(2);
    await writer.close();
    expect(db.searchDocs('"bravo"')).toHaveLength(1);
    expect(db.searchDocs('"charlie"')).toHaveLength(0);
    db.close();
  });

  it('fails with the SQLite error code when the cache is damaged, so the store can rebuild it', async () => {
    const file = join(dir(), 'index.sqlite');
    await writeFile(file, 'this is not a database, whatever its name says'.repeat(200));
    const writer = startIndexWriter(file, 1);
    await writer.write([scannedText('/a.jsonl', 'alpha')]).catch(() => {});
    await expect(writer.finish()).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_NOTADB/) });
    await expect(writer.write([scannedText('/b.jsonl', 'bravo')])).rejects.toThrow();
    await writer.close();
  });
});
