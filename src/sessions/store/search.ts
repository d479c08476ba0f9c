import { redactText } from '../../redact/index.js';
import type { IndexDb } from '../index/index-db.js';
import { type Candidate, compareNewestFirst, type ListOptions } from '../index/index-filter.js';
import { buildFtsQuery, matchFiles } from '../index/search.js';
import type { IndexProgress } from '../progress.js';
import type { LiteralHit } from '../search/confirm-line.js';
import type { createLiteralSearcher } from '../search/literal-search.js';
import { bracketed, splitMarked } from '../search/snippet.js';
import type { SessionSummary, SnippetSegment } from '../types.js';
import type { StoreCache } from './cache.js';
import { type FileIssues, problemIssues } from './issues.js';
import type { IndexSync } from './sync.js';

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

/** A search's results as they come, for a caller that shows them before the search ends. */
export interface SearchEvents {
  /** The sessions the index found, best first, before the rollouts are read for the rest. */
  onRanked?(sessions: ListedSession[]): void;
  /** Each further session found by reading the rollouts, as it is found (newest first). */
  onFound?(session: ListedSession): void;
}

/**
 * The sessions among `matching` whose text holds `filter.search`: those the index finds, ranked, then every
 * other whose rollout holds the text literally, newest first. Problems reading a rollout go to `issues`.
 */
export type SessionSearch = (
  filter: ListOptions,
  matching: Candidate[],
  events: SearchEvents,
  issues: FileIssues[],
) => Promise<ListedSession[]>;

export function createSessionSearch(
  cache: Pick<StoreCache, 'db'>,
  sync: Pick<IndexSync, 'syncText'>,
  onProgress: ((progress: IndexProgress) => void) | undefined,
): SessionSearch {
  /** Loaded with the first search, as is what only a search reads (a list never needs it). */
  let literal: ReturnType<typeof createLiteralSearcher> | null = null;

  /** The other candidates whose rollouts hold the search text, newest first; problems go to `issues`. */
  async function searchRollouts(
    filter: ListOptions,
    matching: Candidate[],
    ranked: ListedSession[],
    events: SearchEvents,
    issues: FileIssues[],
  ): Promise<ListedSession[]> {
    const { createLiteralSearcher, literalQuery } = await import('../search/literal-search.js');
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
        onProgress: (progress) => onProgress?.({ ...progress, phase: 'search' }),
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

  return async (filter, matching, events, issues) => {
    await sync.syncText();
    const ranked = rankByIndex(cache.db, filter.search ?? '', matching);
    events.onRanked?.(ranked);
    const found = await searchRollouts(filter, matching, ranked, events, issues);
    return [...ranked, ...found];
  };
}

/** The candidates the index finds for `search`, best first. */
function rankByIndex(db: IndexDb, search: string, matching: Candidate[]): ListedSession[] {
  const query = buildFtsQuery(search);
  if (query === null) return [];
  const byFile = new Map(matching.map((candidate) => [candidate.row.id, candidate]));
  const ranked = matchFiles(db, query).flatMap((match) => {
    const candidate = byFile.get(match.fileId);
    return candidate ? [{ match, candidate }] : [];
  });
  // Equal scores (the same text in several sessions) fall back to newest first, not to indexing order.
  ranked.sort(
    (a, b) => a.match.score - b.match.score || compareNewestFirst(a.candidate.summary, b.candidate.summary),
  );
  return ranked.map(({ match, candidate }) => {
    const segments = splitMarked(redactText(db.snippet(query, match.docId) ?? ''));
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
