import { compareNewestFirst, type ListOptions } from '../index/index-filter.js';
import type { SessionSummary, UsageSlots } from '../types.js';
import { type CandidateSource, filterCandidates } from './candidates.js';
import type { FileIssues } from './issues.js';
import type { ListedSession, SearchEvents, SessionSearch } from './search.js';

export interface ListResult {
  sessions: ListedSession[];
  /** Files with problems among those listed, plus rollouts or dirs that could not be read at all. */
  issues: FileIssues[];
  total: number;
  /** Sessions in the Codex home before any filter (archived and codex-retro's own included). */
  available: number;
}

/** A session and its requests by quarter hour and model, for cost by day, week or month. */
export interface UsageSession {
  summary: SessionSummary;
  slots: UsageSlots;
}

/** The page of sessions `filter` asks for: newest first, or a search's hits in the order `search` finds them. */
export async function listSessions(
  source: CandidateSource,
  search: SessionSearch,
  filter: ListOptions,
  events: SearchEvents,
): Promise<ListResult> {
  const { candidates, matching, issues } = await filterCandidates(source, filter);
  const offset = Math.max(0, filter.offset ?? 0);
  const end = filter.limit === undefined ? undefined : offset + Math.max(0, filter.limit);
  if (filter.search === undefined || filter.search.trim() === '') {
    matching.sort((a, b) => compareNewestFirst(a.summary, b.summary));
    const sessions = matching.slice(offset, end).map((c) => c.summary);
    return { sessions, issues, total: matching.length, available: candidates.length };
  }
  const sessions = await search(filter, matching, events, issues);
  return {
    sessions: sessions.slice(offset, end),
    issues,
    total: sessions.length,
    available: candidates.length,
  };
}

/** Every session `filter` keeps (search and paging aside), newest first, with its requests by quarter hour. */
export async function listUsage(
  source: CandidateSource,
  filter: ListOptions,
): Promise<{ sessions: UsageSession[]; issues: FileIssues[] }> {
  const { matching, issues } = await filterCandidates(source, {
    ...filter,
    search: undefined,
    limit: undefined,
    offset: undefined,
  });
  matching.sort((a, b) => compareNewestFirst(a.summary, b.summary));
  return {
    sessions: matching.map(({ row, summary }) => ({ summary, slots: row.metadata.usage_slots })),
    issues,
  };
}
