import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStoreHome, type StoreHome } from '../../../test/helpers/store-home.js';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { PARSER_VERSION, scanRollout } from '../scan/scan.js';
import type * as IndexDbModule from './index-db.js';
import { openIndexDb } from './index-db.js';
import type * as IndexSyncModule from './index-sync.js';
import { syncIndex } from './index-sync.js';

// Worker threads load the built parser, so the pooled path is exercised through dist/ (built by the global setup).
const dist = (file: string) => new URL(`../../../dist/sessions/${file}`, import.meta.url).href;

describe('syncIndex', () => {
  let home: StoreHome;
  const dir = tempDirEach('index-sync-');
  beforeEach(async () => {
    home = await makeStoreHome();
  });
  afterEach(async () => {
    await home.cleanup();
  });

  it('parses on this thread when there is little to read', async () => {
    const db = openIndexDb(join(dir(), 'a.sqlite'), PARSER_VERSION);
    const report = await syncIndex(
      db,
      home.codexHome,
      { parserVersion: PARSER_VERSION, scanRollout, workerSafe: true },
      { workers: 2 },
    );
    expect(report).toMatchObject({ scanned: home.files.size, inWorkers: 0, failures: [] });
    db.close();
  });

  it('saves in few transactions, and in more when their search text would grow too large', async () => {
    const transactions = async (options: { writeBatchChars?: number }) => {
      const db = openIndexDb(join(dir(), `t-${options.writeBatchChars ?? 'default'}.sqlite`), PARSER_VERSION);
      let count = 0;
      const counting = {
        ...db,
        transaction: <T>(work: () => T): T => {
          count += 1;
          return db.transaction(work);
        },
      };
      const report = await syncIndex(
        counting,
        home.codexHome,
        { parserVersion: PARSER_VERSION, scanRollout },
        options,
      );
      expect(report.scanned).toBe(home.files.size);
      expect(db.searchDocs('"directory"').length).toBeGreaterThan(0);
      db.close();
      return count;
    };
    expect(await transactions({})).toBe(1);
    expect(await transactions({ writeBatchChars: 1 })).toBe(home.files.size);
  });

  it.each([
    { threads: 'a parsing worker and a writer thread', workers: 1, readAhead: false },
    { threads: 'a writer thread', workers: 0, readAhead: false },
    { threads: 'a reading thread and a writer thread', workers: 0, readAhead: true },
  ])('with $threads, indexes exactly what one thread would', async ({ workers, readAhead }) => {
    const { syncIndex: syncBuilt } = (await import(dist('index/index-sync.js'))) as typeof IndexSyncModule;
    const { openIndexDb: openBuilt } = (await import(dist('index/index-db.js'))) as typeof IndexDbModule;
    const { scanRollout: scanBuilt, PARSER_VERSION: version } = (await import(
      dist('scan/scan.js')
    )) as typeof import('../scan/scan.js');
    const pooledDb = openBuilt(join(dir(), 'pooled.sqlite'), version);
    const progress: number[] = [];
    const pooled = await syncBuilt(
      pooledDb,
      home.codexHome,
      { parserVersion: version, scanRollout: scanBuilt, workerSafe: true },
      {
        workers,
        writerThread: true,
        readAhead,
        workerMinBytes: 0,
        writeBatch: 2,
        onProgress: (p) => progress.push(p.done),
      },
    );
    // A worker takes the largest files, this thread the rest; the writer thread saves them, two per transaction,
    // while the parsing goes on.
    expect(pooled).toMatchObject({ scanned: home.files.size, failures: [] });
    if (workers > 0) expect(pooled.inWorkers).toBeGreaterThan(0);
    else expect(pooled.inWorkers).toBe(0);
    // The files this thread reached before the reading thread ran, it read itself.
    if (!readAhead) expect(pooled.readAhead).toBe(0);
    expect(pooled.inWorkers).toBeLessThan(home.files.size);
    expect(progress.at(-1)).toBe(home.files.size);

    const localDb = openBuilt(join(dir(), 'local.sqlite'), version);
    await syncBuilt(
      localDb,
      home.codexHome,
      { parserVersion: version, scanRollout: scanBuilt },
      { workers: 0 },
    );
    const summarize = (db: typeof pooledDb) =>
      db
        .listFiles()
        .map((row) => ({ path: row.path, metadata: row.metadata, fingerprint: row.fingerprint }))
        .sort((a, b) => a.path.localeCompare(b.path));
    expect(summarize(pooledDb)).toEqual(summarize(localDb));
    expect(pooledDb.searchDocs('"directory"').length).toBe(localDb.searchDocs('"directory"').length);
    pooledDb.close();
    localDb.close();
  });
});
