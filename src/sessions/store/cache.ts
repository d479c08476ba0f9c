import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type IndexDb, openIndexDb } from '../index/index-db.js';

/** The index cache of one Codex home, rebuilt when it breaks. */
export interface StoreCache {
  /** The index as it is now: after a rebuild, the new one. */
  readonly db: IndexDb;
  /** Why the cache lives in memory only, when it does. */
  readonly problem: string | undefined;
  /** Runs `work`; a cache that breaks while in use (a damaged page) is thrown away and rebuilt, once per call. */
  withRecovery<T>(work: () => Promise<T>): Promise<T>;
  close(): void;
}

/**
 * Opens the index cache of `codexHome` in `cacheDir`, or in memory when that cannot be written. Before a broken
 * cache is closed, `settle` waits for the work under way on it.
 */
export function openStoreCache(
  cacheDir: string,
  codexHome: string,
  parserVersion: number,
  settle: () => Promise<unknown>,
): StoreCache {
  const opened = openCache(cacheDir, codexHome, parserVersion, false);
  let db = opened.db;
  return {
    get db() {
      return db;
    },
    problem: opened.problem,
    async withRecovery(work) {
      try {
        return await work();
      } catch (error) {
        if (!isCorruption(error)) throw error;
        await settle();
        db.close();
        db = openCache(cacheDir, codexHome, parserVersion, true).db;
        return await work();
      }
    },
    close: () => db.close(),
  };
}

function openCache(
  cacheDir: string,
  codexHome: string,
  parserVersion: number,
  fresh: boolean,
): { db: IndexDb; problem?: string } {
  const key = createHash('sha256').update(codexHome).digest('hex').slice(0, 16);
  try {
    mkdirSync(cacheDir, { recursive: true });
    return { db: openIndexDb(join(cacheDir, `index-${key}.sqlite`), parserVersion, { fresh }) };
  } catch (error) {
    // A read-only cache dir still allows listing; the index then lives for this process only.
    return {
      db: openIndexDb(':memory:', parserVersion),
      problem: `The index cache cannot be written (${(error as Error).message}); every run reads all rollouts again. Set CODEX_RETRO_CACHE_DIR or XDG_CACHE_HOME to a writable dir.`,
    };
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}
