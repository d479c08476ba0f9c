import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeHomeEach } from '../../../test/helpers/store-home.js';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { PARSER_VERSION, scanRollout } from '../scan/scan.js';
import type * as IndexDbModule from './index-db.js';
import { openIndexDb } from './index-db.js';
import type * as IndexSyncModule from './index-sync.js';
import { type Scanner, syncIndex } from './index-sync.js';

// Worker threads load the built parser, so the pooled path is exercised through dist/ (built by the global setup).
const dist = (file: string) => new URL(`../../../dist/sessions/${file}`, import.meta.url).href;

/** A scanner that tells what it was asked to read. */
function countingScanner(): Scanner & { calls: { summary: boolean }[] } {
  const calls: { summary: boolean }[] = [];
  return {
    parserVersion: PARSER_VERSION,
    calls,
    scanRollout: (path, options) => {
      calls.push({ summary: options?.summary === true });
      return scanRollout(path, options);
    },
  };
}

describe('syncIndex', () => {
  const storeHome = storeHomeEach();
  const dir = tempDirEach('index-sync-');

  it('reads what the list shows only, and leaves the search text to the first search', async () => {
    const db = openIndexDb(join(dir(), 'a.sqlite'), PARSER_VERSION);
    const scanner = countingScanner();
    const report = await syncIndex(db, storeHome().codexHome, scanner, { workers: 2 });
    // Little to read: no worker started.
    expect(report).toMatchObject({ scanned: storeHome().files.size, inWorkers: 0, failures: [] });
    expect(scanner.calls.every((call) => call.summary)).toBe(true);
    expect(db.searchDocs('"directory"')).toEqual([]);
    expect(db.listDocsBehind()).toHaveLength(storeHome().files.size);
    db.close();
  });

  it('lists exactly what a full reading of every rollout tells', async () => {
    const db = openIndexDb(join(dir(), 'a.sqlite'), PARSER_VERSION);
    await syncIndex(db, storeHome().codexHome, { parserVersion: PARSER_VERSION, scanRollout });
    for (const row of db.listFiles()) {
      const full = await scanRollout(row.path);
      expect(row.metadata, row.path).toEqual(full.metadata);
    }
    db.close();
  });

  it('saves the list in few transactions', async () => {
    const transactions = async (writeBatch?: number) => {
      const db = openIndexDb(join(dir(), `t-${writeBatch ?? 'default'}.sqlite`), PARSER_VERSION);
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
        storeHome().codexHome,
        { parserVersion: PARSER_VERSION, scanRollout },
        writeBatch === undefined ? {} : { writeBatch },
      );
      expect(report.scanned).toBe(storeHome().files.size);
      db.close();
      return count;
    };
    expect(await transactions()).toBe(1);
    expect(await transactions(1)).toBe(storeHome().files.size);
  });

  it('with parsing workers, lists exactly what one thread lists', async () => {
    const { syncIndex: syncBuilt } = (await import(dist('index/index-sync.js'))) as typeof IndexSyncModule;
    const { openIndexDb: openBuilt } = (await import(dist('index/index-db.js'))) as typeof IndexDbModule;
    const { scanRollout: scanBuilt, PARSER_VERSION: version } = (await import(
      dist('scan/scan.js')
    )) as typeof import('../scan/scan.js');
    const pooledDb = openBuilt(join(dir(), 'pooled.sqlite'), version);
    const progress: number[] = [];
    const pooled = await syncBuilt(
      pooledDb,
      storeHome().codexHome,
      { parserVersion: version, scanRollout: scanBuilt, workerSafe: true },
      { workers: 2, workerMinBytes: 0, writeBatch: 2, onProgress: (p) => progress.push(p.done) },
    );
    // The workers take the largest files, this thread the rest.
    expect(pooled).toMatchObject({ scanned: storeHome().files.size, failures: [] });
    expect(pooled.inWorkers).toBeGreaterThan(0);
    expect(pooled.inWorkers).toBeLessThan(storeHome().files.size);
    expect(progress.at(-1)).toBe(storeHome().files.size);

    const localDb = openBuilt(join(dir(), 'local.sqlite'), version);
    await syncBuilt(
      localDb,
      storeHome().codexHome,
      { parserVersion: version, scanRollout: scanBuilt },
      { workers: 0 },
    );
    const summarize = (db: typeof pooledDb) =>
      db
        .listFiles()
        .map((row) => ({ path: row.path, metadata: row.metadata, fingerprint: row.fingerprint }))
        .sort((a, b) => a.path.localeCompare(b.path));
    expect(summarize(pooledDb)).toEqual(summarize(localDb));
    pooledDb.close();
    localDb.close();
  });
});
