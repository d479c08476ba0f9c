import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeHomeEach } from '../../../test/helpers/store-home.js';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { PARSER_VERSION, scanRollout } from '../scan/scan.js';
import type * as IndexDbModule from './index-db.js';
import { type IndexDb, openIndexDb } from './index-db.js';
import type * as IndexSyncModule from './index-sync.js';
import { type Scanner, syncIndex } from './index-sync.js';
import type * as SearchTextModule from './search-text.js';
import { syncSearchText } from './search-text.js';

// Worker threads load the built parser, so the threaded paths are exercised through dist/ (built by the global setup).
const dist = (file: string) => new URL(`../../../dist/sessions/${file}`, import.meta.url).href;

/** The search text the index holds, per file, in a form two indexes can be compared by. */
function searchText(db: IndexDb): string[] {
  const words = ['directory', 'test', 'error', 'file', 'npm', 'the'];
  return words
    .flatMap((word) =>
      db
        .searchDocs(`"${word}"`)
        .map(
          (hit) =>
            `${word} ${db.listFiles().find((row) => row.id === hit.fileId)?.path} ${hit.kind} ${hit.role}`,
        ),
    )
    .sort();
}

describe('syncSearchText', () => {
  const storeHome = storeHomeEach();
  const dir = tempDirEach('search-text-');

  it('reads the text of every rollout the list read, once', async () => {
    const db = openIndexDb(join(dir(), 'a.sqlite'), PARSER_VERSION);
    const scanner: Scanner = { parserVersion: PARSER_VERSION, scanRollout };
    await syncIndex(db, storeHome().codexHome, scanner);
    const progress: string[] = [];
    const report = await syncSearchText(db, scanner, {
      onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(report.saved).toBe(storeHome().files.size);
    expect(progress.at(-1)).toBe(`index-text ${storeHome().files.size}/${storeHome().files.size}`);
    expect(db.searchDocs('"directory"').length).toBeGreaterThan(0);
    expect(db.listDocsBehind()).toEqual([]);
    expect((await syncSearchText(db, scanner)).saved).toBe(0);
    db.close();
  });

  it('reads on from where the text stopped when a rollout grows, and again when it is rewritten', async () => {
    const db = openIndexDb(join(dir(), 'a.sqlite'), PARSER_VERSION);
    const read: (number | null)[] = [];
    const scanner: Scanner = {
      parserVersion: PARSER_VERSION,
      scanRollout: (path, options) => {
        if (!options?.summary) read.push(options?.from?.offset ?? null);
        return scanRollout(path, options);
      },
    };
    await syncIndex(db, storeHome().codexHome, scanner);
    await syncSearchText(db, scanner);
    const [path] = [...storeHome().files.values()];
    const before = (await readFile(path!)).length;
    const line = {
      timestamp: '2026-11-22T23:59:00.000Z',
      type: 'event_msg',
      payload: { type: 'agent_message', message: 'Zanzibar quokka appended later.' },
    };
    await appendFile(path!, `${JSON.stringify(line)}\n`);
    read.length = 0;
    await syncIndex(db, storeHome().codexHome, scanner);
    await syncSearchText(db, scanner);
    expect(read).toEqual([before]);
    expect(db.searchDocs('"quokka"')).toHaveLength(1);

    // Rewritten with other text: the list reads it from the start and its old text goes.
    await writeFile(path!, (await readFile(path!, 'utf8')).replaceAll('quokka', 'wombat'));
    read.length = 0;
    await syncIndex(db, storeHome().codexHome, scanner);
    await syncSearchText(db, scanner);
    expect(read).toEqual([null]);
    expect(db.searchDocs('"quokka"')).toHaveLength(0);
    expect(db.searchDocs('"wombat"')).toHaveLength(1);

    // What it holds now is what an index built from nothing holds.
    const fresh = openIndexDb(join(dir(), 'fresh.sqlite'), PARSER_VERSION);
    await syncIndex(fresh, storeHome().codexHome, scanner);
    await syncSearchText(fresh, scanner);
    expect(searchText(db)).toEqual(searchText(fresh));
    db.close();
    fresh.close();
  });

  it('reads a rollout a slice at a time, each saved before the next, into the text a whole reading gives', async () => {
    const whole = openIndexDb(join(dir(), 'whole.sqlite'), PARSER_VERSION);
    const plain: Scanner = { parserVersion: PARSER_VERSION, scanRollout };
    await syncIndex(whole, storeHome().codexHome, plain);
    await syncSearchText(whole, plain);

    const sliced = openIndexDb(join(dir(), 'sliced.sqlite'), PARSER_VERSION);
    const reads: { path: string; from: number | null; maxBytes: number | undefined }[] = [];
    const scanner: Scanner = {
      parserVersion: PARSER_VERSION,
      scanRollout: (path, options) => {
        if (!options?.summary)
          reads.push({ path, from: options?.from?.offset ?? null, maxBytes: options?.maxBytes });
        return scanRollout(path, options);
      },
    };
    await syncIndex(sliced, storeHome().codexHome, scanner);
    const progress: string[] = [];
    await syncSearchText(sliced, scanner, {
      sliceBytes: 2048,
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.bytesDone}/${p.bytesTotal}`),
    });
    const size = (path: string): number => sliced.listFiles().find((row) => row.path === path)?.size ?? 0;
    for (const path of storeHome().files.values()) {
      const own = reads.filter((read) => read.path === path);
      expect(own.every((read) => read.maxBytes === 2048)).toBe(true);
      // Each slice goes on from where the one before stopped.
      expect(own[0]?.from).toBeNull();
      for (const [i, read] of own.entries())
        if (i > 0) expect(read.from).toBeGreaterThan(own[i - 1]?.from ?? 0);
    }
    // Slices end at a line's end past 2 KiB: most files of this home take several.
    expect(reads.length).toBeGreaterThan(2 * storeHome().files.size);
    expect(sliced.listDocsBehind()).toEqual([]);
    expect(searchText(sliced)).toEqual(searchText(whole));
    const total = [...storeHome().files.values()].reduce((sum, path) => sum + size(path), 0);
    expect(progress.at(-1)).toBe(`${storeHome().files.size}/${storeHome().files.size} ${total}/${total}`);
    whole.close();
    sliced.close();
  });

  it('saves in few transactions, and in more when the text would grow too large', async () => {
    const transactions = async (options: { writeBatchChars?: number }) => {
      const db = openIndexDb(join(dir(), `t-${options.writeBatchChars ?? 'default'}.sqlite`), PARSER_VERSION);
      const scanner: Scanner = { parserVersion: PARSER_VERSION, scanRollout };
      await syncIndex(db, storeHome().codexHome, scanner);
      let count = 0;
      const counting = {
        ...db,
        transaction: <T>(work: () => T): T => {
          count += 1;
          return db.transaction(work);
        },
      };
      await syncSearchText(counting, scanner, options);
      expect(db.searchDocs('"directory"').length).toBeGreaterThan(0);
      db.close();
      return count;
    };
    expect(await transactions({})).toBe(1);
    expect(await transactions({ writeBatchChars: 1 })).toBe(storeHome().files.size);
  });

  it.each([
    { threads: 'a parsing worker and a writer thread', workers: 1, readAhead: false },
    { threads: 'a writer thread', workers: 0, readAhead: false },
    { threads: 'a reading thread and a writer thread', workers: 0, readAhead: true },
  ])('with $threads, indexes exactly what one thread would', async ({ workers, readAhead }) => {
    const { syncIndex: syncBuilt } = (await import(dist('index/index-sync.js'))) as typeof IndexSyncModule;
    const { syncSearchText: textBuilt } = (await import(
      dist('index/search-text.js')
    )) as typeof SearchTextModule;
    const { openIndexDb: openBuilt } = (await import(dist('index/index-db.js'))) as typeof IndexDbModule;
    const { scanRollout: scanBuilt, PARSER_VERSION: version } = (await import(
      dist('scan/scan.js')
    )) as typeof import('../scan/scan.js');
    const scanner = { parserVersion: version, scanRollout: scanBuilt, workerSafe: true };
    const threadedDb = openBuilt(join(dir(), 'threaded.sqlite'), version);
    await syncBuilt(threadedDb, storeHome().codexHome, scanner);
    const threaded = await textBuilt(threadedDb, scanner, {
      workers,
      writerThread: true,
      readAhead,
      workerMinBytes: 0,
      writeBatch: 2,
    });
    expect(threaded.saved).toBe(storeHome().files.size);
    if (workers > 0) expect(threaded.inWorkers).toBeGreaterThan(0);
    else expect(threaded.inWorkers).toBe(0);
    // The files this thread reached before the reading thread ran, it read itself.
    if (!readAhead) expect(threaded.readAhead).toBe(0);

    const localDb = openBuilt(join(dir(), 'local.sqlite'), version);
    await syncBuilt(localDb, storeHome().codexHome, scanner);
    await textBuilt(localDb, scanner, { workers: 0 });
    expect(searchText(threadedDb as unknown as IndexDb)).toEqual(searchText(localDb as unknown as IndexDb));
    expect(searchText(localDb as unknown as IndexDb).length).toBeGreaterThan(0);
    threadedDb.close();
    localDb.close();
  });
});
