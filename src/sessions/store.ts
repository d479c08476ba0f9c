import { resolve } from 'node:path';
import { createPricer, type Pricer } from '../pricing/cost.js';
import { loadPriceTable, type PriceTable } from '../pricing/price-table.js';
import type { PriceSource } from '../pricing/types.js';
import type { ListOptions } from './index/index-filter.js';
import type { ScanFunction } from './index/index-scan.js';
import type { Scanner } from './index/index-sync.js';
import type { IndexProgress } from './progress.js';
import { PARSER_VERSION } from './scan/parser-version.js';
import type { readSession } from './scan/scan.js';
import { openStoreCache } from './store/cache.js';
import { type CandidateSource, loadCandidates } from './store/candidates.js';
import type { FileIssues } from './store/issues.js';
import { type ListResult, listSessions, listUsage, type UsageSession } from './store/list.js';
import { createSessionSearch, type SearchEvents } from './store/search.js';
import { createIndexSync } from './store/sync.js';
import {
  findSession,
  openSessionTranscript,
  readDetail,
  type TranscriptSource,
} from './store/transcripts.js';
import type { Transcript } from './transcript/transcript.js';
import type { SessionDetail, SessionSummary } from './types.js';

export type { FileIssues } from './store/issues.js';
export type { ListedSession, SearchEvents } from './store/search.js';

export interface SessionStoreOptions {
  codexHome: string;
  cacheDir: string;
  stateDir: string;
  onProgress?: (progress: IndexProgress) => void;
  /** Clock for `days`; tests pin it. */
  now?: () => Date;
  scanner?: Scanner & { readSession: typeof readSession };
  /**
   * Worker threads parsing beside this one in large scans (scan-threads.ts): for the session list, one fewer than
   * the cores (at most 7), as this thread parses too; for the search text, two fewer (at most 4), as another
   * saves it. 0 keeps parsing on this thread.
   */
  workers?: number;
  /** Save the search text on a thread of its own in large readings; defaults to true with two cores or more. */
  writerThread?: boolean;
  /** Read the rollouts for the search text on a thread of their own when parsed on this thread alone; defaults to true with two cores. */
  readAhead?: boolean;
  /** The price list; defaults to the refreshed one in `stateDir`, else the one shipped (price-table.ts). */
  pricing?: PriceTable;
}

export interface SessionStore {
  /**
   * The sessions matching `options`, newest first. A search lists the sessions the index finds, ranked, then
   * every other session whose text holds the search text literally (see search/literal-search.ts).
   */
  list(options?: ListOptions, events?: SearchEvents): Promise<ListResult>;
  get(id: string): Promise<SessionDetail | null>;
  /**
   * A session's transcript read in parts: metadata and length first, entries as they are asked for, in bounded
   * memory however large the rollout (`get` holds every entry).
   */
  openTranscript(id: string): Promise<Transcript | null>;
  /**
   * Reads what a search needs beyond the list (the search text of new and grown rollouts), as the first search
   * would: for a server's idle time, so that search answers at once. It gives way to every other call that
   * comes meanwhile, and ends early once `signal` is aborted.
   */
  prepareSearch(signal?: AbortSignal): Promise<void>;
  resolvePath(id: string): Promise<string | null>;
  /** Full transcripts of every session `list(filter)` returns, one at a time. */
  listDetails(filter?: ListOptions): AsyncGenerator<SessionDetail>;
  /**
   * The transcript of a session a `list` just returned, read from its rollout without bringing the index up to
   * date again (as `get` does): for a caller reading many listed sessions in a row.
   */
  readListed(session: Pick<SessionSummary, 'path' | 'archived' | 'subagents'>): Promise<SessionDetail>;
  /** Every session `list(filter)` returns (search aside), with its requests by quarter hour. */
  usage(filter?: ListOptions): Promise<{ sessions: UsageSession[]; issues: FileIssues[] }>;
  /** Where the prices of every cost this store answers come from. */
  readonly pricing: PriceSource;
  /** Prices other sums of tokens (a day's, a project's) with the same list. */
  readonly pricer: Pricer;
  close(): void;
}

/** Opens the index cache of one Codex home; every `list` first brings the cache up to date with the disk. */
export function openSessionStore(options: SessionStoreOptions): SessionStore {
  const codexHome = resolve(options.codexHome);
  const scanner = options.scanner ?? builtInScanner();
  const prices = options.pricing
    ? { table: options.pricing, problem: null }
    : loadPriceTable(options.stateDir);
  const pricer = createPricer(prices.table);
  const cache = openStoreCache(options.cacheDir, codexHome, scanner.parserVersion, () => sync.settled());
  const sync = createIndexSync(cache, codexHome, scanner, options);
  const withRecovery = cache.withRecovery;
  const source: CandidateSource = {
    cache,
    sync,
    codexHome,
    cacheDir: options.cacheDir,
    stateDir: options.stateDir,
    pricer,
    priceProblem: prices.problem,
    now: options.now ?? (() => new Date()),
  };
  const reader: TranscriptSource = {
    codexHome,
    stateDir: options.stateDir,
    pricer,
    scanner,
    onProgress: options.onProgress,
    candidates: () => withRecovery(() => loadCandidates(source)),
  };
  const search = createSessionSearch(cache, sync, options.onProgress);

  function list(filter: ListOptions = {}, events: SearchEvents = {}): Promise<ListResult> {
    return withRecovery(() => listSessions(source, search, filter, events));
  }

  return {
    list,
    async get(id) {
      sync.touch();
      const found = await findSession(reader, id);
      return found ? readDetail(reader, found.row, found.subagents) : null;
    },
    openTranscript(id) {
      sync.touch();
      return openSessionTranscript(reader, id);
    },
    prepareSearch: (signal) => withRecovery(() => sync.prepareSearch(signal)),
    async resolvePath(id) {
      return (await findSession(reader, id))?.row.path ?? null;
    },
    readListed: (session) => readDetail(reader, session, { ...session.subagents, sessions: [] }),
    async *listDetails(filter = {}) {
      const { sessions } = await list({ ...filter, search: undefined, limit: undefined, offset: undefined });
      for (const session of sessions) {
        yield await readDetail(reader, session, { ...session.subagents, sessions: [] });
      }
    },
    usage: (filter = {}) => withRecovery(() => listUsage(source, filter)),
    pricing: prices.table.source,
    pricer,
    close: () => cache.close(),
  };
}

/**
 * The parser, loaded on first use: a list with nothing new to read never needs it. Once: an import per file
 * costs a trip through the module loader (and its hooks, when a loader such as tsx is registered).
 */
function builtInScanner(): Scanner & { readSession: typeof readSession } {
  let loaded: Promise<typeof import('./scan/scan.js')> | null = null;
  const parser = () => {
    loaded ??= import('./scan/scan.js');
    return loaded;
  };
  return {
    parserVersion: PARSER_VERSION,
    scanRollout: async (...args: Parameters<ScanFunction>) => (await parser()).scanRollout(...args),
    readSession: async (...args: Parameters<typeof readSession>) => (await parser()).readSession(...args),
    workerSafe: true,
  };
}
