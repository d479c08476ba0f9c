import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import type * as IndexDbModule from './index-db.js';
import type { Scanned } from './index-save.js';
import type * as IndexWriterModule from './index-writer.js';

// The writer runs a built thread script, so it is exercised through dist/ (built by the global setup).
const dist = (file: string) => new URL(`../../../dist/sessions/${file}`, import.meta.url).href;
const { startIndexWriter } = (await import(dist('index/index-writer.js'))) as typeof IndexWriterModule;
const { openIndexDb } = (await import(dist('index/index-db.js'))) as typeof IndexDbModule;

/** A file the parser could not scan: the smallest batch a writer can be handed. */
function failedScan(path: string): Scanned {
  return {
    item: {
      file: { path, archived: false, size: 10, mtimeMs: 1, ino: 1, nameId: null },
      key: undefined,
      job: { path, from: null },
    },
    outcome: { ok: false, message: 'EACCES: permission denied' },
  };
}

describe('startIndexWriter', () => {
  const dir = tempDirEach('index-writer-');

  it('saves batches on its own thread and tallies them', async () => {
    const file = join(dir(), 'index.sqlite');
    const db = openIndexDb(file, 1);
    const writer = startIndexWriter(file, 1);
    await writer.write([failedScan('/a.jsonl')]);
    await writer.write([failedScan('/b.jsonl')]);
    const tally = await writer.finish();
    await writer.close();
    expect(tally.failures.map((failure) => failure.path)).toEqual(['/a.jsonl', '/b.jsonl']);
    expect(tally.failures[0]?.message).toContain('EACCES');
    db.close();
  });

  it('fails with the SQLite error code when the cache is damaged, so the store can rebuild it', async () => {
    const file = join(dir(), 'index.sqlite');
    await writeFile(file, 'this is not a database, whatever its name says'.repeat(200));
    const writer = startIndexWriter(file, 1);
    await writer.write([failedScan('/a.jsonl')]).catch(() => {});
    await expect(writer.finish()).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_NOTADB/) });
    await expect(writer.write([failedScan('/b.jsonl')])).rejects.toThrow();
    await writer.close();
  });
});
