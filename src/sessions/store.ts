import { resolve } from 'node:path';
import { assertId } from '../ids.js';
import { createPricer, type Pricer } from '../pricing/cost.js';
import { loadPriceTable, type PriceTable } from '../pricing/price-table.js';
import type { PriceSource } from '../pricing/types.js';
import { redactText } from '../redact/index.js';
import type { IndexedFile } from './index/index-db.js';
import { type Candidate, compareNewestFirst, type ListOptions } from './index/index-filter.js';
import type { ScanFunction } from './index/index-scan.js';
import type { Scanner } from './index/index-sync.js';
import { buildFtsQuery, matchFiles } from './index/search.js';
import { readCopiedSessions } from './own-threads.js';
import { readOwnTurns } from './own-turns.js';
import { markOwnTurns } from './own-turns-mark.js';
import type { IndexProgress } from './progress.js';
import { PARSER_VERSION } from './scan/parser-version.js';
import type { readSession } from './scan/scan.js';
import { readThreadNames } from './scan/thread-names.js';
import type { LiteralHit } from './search/confirm-line.js';
import type { createLiteralSearcher } from './search/literal-search.js';
import { bracketed, splitMarked } from './search/snippet.js';
import { openStoreCache } from './store/cache.js';
import { type CandidateSource, filterCandidates, forkedFrom, loadCandidates } from './store/candidates.js';
import { type FileIssues, problemIssues } from './store/issues.js';
import { createIndexSync } from './store/sync.js';
import { linkSubagents, noSubagents, type SubagentTree } from './subagents.js';
import type { Transcript } from './transcript/transcript.js';
import type { ScannedDetail, SessionDetail, SessionSummary, SnippetSegment, UsageSlots } from './types.js';

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

/**
 * A listed session; a search hit also says where: `snippet` (the match in [brackets]), the same in parts with
 * the matches flagged (`snippet_segments`), the kind of entry and its rollout line (`match_line`).
 */
export type ListedSession = SessionSummary & {
  snippet?: string;
  snippet_segments?: SnippetSegment[];
  match_kind?: string;
  match_line?: number;
  score?: number;
};

export type { FileIssues } from './store/issues.js';

interface ListResult {
  sessions: ListedSession[];
  /** Files with problems among those listed, plus rollouts or dirs that could not be read at all. */
  issues: FileIssues[];
  total: number;
  /** Sessions in the Codex home before any filter (archived and codex-retro's own included). */
  available: number;
}

/** A session and its requests by quarter hour and model, for cost by day, week or month. */
interface UsageSession {
  summary: SessionSummary;
  slots: UsageSlots;
}

/** A search's results as they come, for a caller that shows them before the search ends. */
export interface SearchEvents {
  /** The sessions the index found, best first, before the rollouts are read for the rest. */
  onRanked?(sessions: ListedSession[]): void;
  /** Each further session found by reading the rollouts, as it is found (newest first). */
  onFound?(session: ListedSession): void;
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
  // The parser is loaded on first use: a list with nothing new to read never needs it. Once: an import per
  // file costs a trip through the module loader (and its hooks, when a loader such as tsx is registered).
  let loaded: Promise<typeof import('./scan/scan.js')> | null = null;
  const parser = () => {
    loaded ??= import('./scan/scan.js');
    return loaded;
  };
  const scanner = options.scanner ?? {
    parserVersion: PARSER_VERSION,
    scanRollout: async (...args: Parameters<ScanFunction>) => (await parser()).scanRollout(...args),
    readSession: async (...args: Parameters<typeof readSession>) => (await parser()).readSession(...args),
    workerSafe: true,
  };
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

  function list(filter: ListOptions = {}, events: SearchEvents = {}): Promise<ListResult> {
    return withRecovery(() => listNow(filter, events));
  }

  /** Loaded with the first search, as is what only a search reads (a list never needs it). */
  let literal: ReturnType<typeof createLiteralSearcher> | null = null;

  async function listNow(filter: ListOptions, events: SearchEvents): Promise<ListResult> {
    const { candidates, matching, issues } = await filterCandidates(source, filter);
    const offset = Math.max(0, filter.offset ?? 0);
    const end = filter.limit === undefined ? undefined : offset + Math.max(0, filter.limit);
    if (filter.search === undefined || filter.search.trim() === '') {
      matching.sort((a, b) => compareNewestFirst(a.summary, b.summary));
      const sessions = matching.slice(offset, end).map((c) => c.summary);
      return { sessions, issues, total: matching.length, available: candidates.length };
    }
    await sync.syncText();
    const ranked = rankByIndex(filter.search, matching);
    events.onRanked?.(ranked);
    const found = await searchRollouts(filter, matching, ranked, events, issues);
    const sessions = [...ranked, ...found];
    return {
      sessions: sessions.slice(offset, end),
      issues,
      total: sessions.length,
      available: candidates.length,
    };
  }

  /** The candidates the index finds for `search`, best first. */
  function rankByIndex(search: string, matching: Candidate[]): ListedSession[] {
    const query = buildFtsQuery(search);
    if (query === null) return [];
    const byFile = new Map(matching.map((candidate) => [candidate.row.id, candidate]));
    const ranked = matchFiles(cache.db, query).flatMap((match) => {
      const candidate = byFile.get(match.fileId);
      return candidate ? [{ match, candidate }] : [];
    });
    // Equal scores (the same text in several sessions) fall back to newest first, not to indexing order.
    ranked.sort(
      (a, b) => a.match.score - b.match.score || compareNewestFirst(a.candidate.summary, b.candidate.summary),
    );
    return ranked.map(({ match, candidate }) => {
      const segments = splitMarked(redactText(cache.db.snippet(query, match.docId) ?? ''));
      return {
        ...candidate.summary,
        snippet: bracketed(segments),
        snippet_segments: segments,
        match_kind: match.kind,
        match_line: match.line,
        score: -match.score,
      };
    });
  }

  /** The other candidates whose rollouts hold the search text, newest first; problems go to `issues`. */
  async function searchRollouts(
    filter: ListOptions,
    matching: Candidate[],
    ranked: ListedSession[],
    events: SearchEvents,
    issues: FileIssues[],
  ): Promise<ListedSession[]> {
    const { createLiteralSearcher, literalQuery } = await import('./search/literal-search.js');
    const text = literalQuery(filter.search ?? '');
    if (text === null) return [];
    literal ??= createLiteralSearcher();
    const hit = new Set(ranked.map((session) => session.id));
    const rest = matching.filter((candidate) => !hit.has(candidate.summary.id));
    rest.sort((a, b) => compareNewestFirst(a.summary, b.summary));
    const toSession = (index: number, found: LiteralHit): ListedSession => ({
      ...(rest[index] as Candidate).summary,
      snippet: found.snippet,
      snippet_segments: found.segments,
      match_kind: found.kind,
      match_line: found.line,
    });
    const result = await literal.search(
      rest.map(({ row }) => ({ path: row.path, size: row.size, mtimeMs: row.mtimeMs })),
      text,
      {
        onHit: (index, found) => events.onFound?.(toSession(index, found)),
        onProgress: (progress) => options.onProgress?.({ ...progress, phase: 'search' }),
        ...(filter.signal ? { signal: filter.signal } : {}),
      },
    );
    for (const problem of result.problems) {
      const id = rest.find((candidate) => candidate.row.path === problem.path)?.summary.id;
      issues.push({ ...problemIssues(problem.path, problem.kind, problem.message), ...(id ? { id } : {}) });
    }
    return [...result.hits.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([index, found]) => toSession(index, found));
  }

  async function findRow(id: string): Promise<{ row: IndexedFile; subagents: SubagentTree } | null> {
    assertId('session', id);
    const { candidates } = await withRecovery(() => loadCandidates(source));
    const row = candidates.find((candidate) => candidate.summary.id === id)?.row;
    if (!row) return null;
    const tree = linkSubagents(candidates.map((c) => c.summary)).get(id);
    return { row, subagents: tree ?? noSubagents() };
  }

  async function readDetail(
    { path, archived }: { path: string; archived: boolean },
    subagents?: SubagentTree,
  ): Promise<SessionDetail> {
    const detail = priceDetail(await scanner.readSession(path, { archived }));
    const name = (await readThreadNames(codexHome)).names.get(detail.id);
    if (name) detail.metadata.title = redactText(name);
    if (subagents) detail.metadata.subagents = subagents;
    detail.metadata.forked_from_id = forkedFrom(
      detail.metadata.forked_from_id,
      readCopiedSessions(options.stateDir),
    );
    const records = readOwnTurns(options.stateDir).turns.get(detail.id);
    if (records) markOwnTurns(detail, records);
    return detail;
  }

  return {
    list,
    async get(id) {
      sync.touch();
      const found = await findRow(id);
      return found ? readDetail(found.row, found.subagents) : null;
    },
    async openTranscript(id) {
      sync.touch();
      const found = await findRow(id);
      if (!found) return null;
      const { row, subagents } = found;
      const { openTranscript } = await import('./transcript/transcript.js');
      const scanned = await openTranscript(row.path, {
        archived: row.archived,
        ownTurns: readOwnTurns(options.stateDir).turns.get(id) ?? [],
        onProgress: (bytesDone, bytesTotal) =>
          options.onProgress?.({ done: 0, total: 1, bytesDone, bytesTotal, phase: 'transcript' }),
      });
      const transcript: Transcript = {
        ...scanned,
        metadata: { ...scanned.metadata, cost: pricer.price(scanned.metadata.tokens_by_model) },
      };
      const name = (await readThreadNames(codexHome)).names.get(transcript.id);
      if (name) transcript.metadata.title = redactText(name);
      transcript.metadata.subagents = subagents;
      transcript.metadata.forked_from_id = forkedFrom(
        transcript.metadata.forked_from_id,
        readCopiedSessions(options.stateDir),
      );
      return transcript;
    },
    prepareSearch: (signal) => withRecovery(() => sync.prepareSearch(signal)),
    async resolvePath(id) {
      return (await findRow(id))?.row.path ?? null;
    },
    readListed: (session) => readDetail(session, { ...session.subagents, sessions: [] }),
    async *listDetails(filter = {}) {
      const { sessions } = await list({ ...filter, search: undefined, limit: undefined, offset: undefined });
      for (const session of sessions) {
        yield await readDetail(session, { ...session.subagents, sessions: [] });
      }
    },
    async usage(filter = {}) {
      const { matching, issues } = await withRecovery(() =>
        filterCandidates(source, { ...filter, search: undefined, limit: undefined, offset: undefined }),
      );
      matching.sort((a, b) => compareNewestFirst(a.summary, b.summary));
      return {
        sessions: matching.map(({ row, summary }) => ({ summary, slots: row.metadata.usage_slots })),
        issues,
      };
    },
    pricing: prices.table.source,
    pricer,
    close: () => cache.close(),
  };

  function priceDetail(detail: ScannedDetail): SessionDetail {
    return {
      ...detail,
      metadata: { ...detail.metadata, cost: pricer.price(detail.metadata.tokens_by_model) },
    };
  }
}
