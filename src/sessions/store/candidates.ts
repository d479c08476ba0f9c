import { ID_PATTERNS } from '../../ids.js';
import type { Pricer } from '../../pricing/cost.js';
import {
  buildFilter,
  type Candidate,
  type ListOptions,
  preferOver,
  toSummary,
} from '../index/index-filter.js';
import { hiddenSnapshots } from '../index/index-snapshots.js';
import { readForkParents, readOwnThreads } from '../own-threads.js';
import { readOwnTurns } from '../own-turns.js';
import { countLandedTurns } from '../own-turns-mark.js';
import { readThreadNames } from '../scan/thread-names.js';
import { linkSubagents } from '../subagents.js';
import type { StoreCache } from './cache.js';
import { type FileIssues, homeIssues, noteMalformed } from './issues.js';
import type { IndexSync } from './sync.js';

/** What finding the sessions of a Codex home takes. */
export interface CandidateSource {
  cache: Pick<StoreCache, 'db' | 'problem'>;
  sync: Pick<IndexSync, 'syncList'>;
  codexHome: string;
  cacheDir: string;
  /** codex-retro's own records: the threads it started and the turns it added. */
  stateDir: string;
  pricer: Pricer;
  /** Why the refreshed price list was not used, when it was not. */
  priceProblem: string | null;
  /** Clock for `days`. */
  now: () => Date;
}

/** Every session of the home, the index first brought up to date: one file each, titled and priced. */
export async function loadCandidates(
  source: CandidateSource,
): Promise<{ candidates: Candidate[]; issues: FileIssues[] }> {
  const report = await source.sync.syncList();
  const threadNames = await readThreadNames(source.codexHome);
  const rows = source.cache.db.listFiles();
  const hidden = hiddenSnapshots(rows);
  const byId = new Map<string, Candidate>();
  const anonymous: string[] = [];
  const parentOf = readForkParents(source.stateDir);
  for (const row of rows) {
    if (hidden.has(row.id)) continue;
    // Without a session id (none inside, none in the name) a file cannot be shown or resumed.
    if (!ID_PATTERNS.session.test(row.metadata.id)) {
      anonymous.push(row.path);
      continue;
    }
    const summary = toSummary(row, threadNames.names, source.pricer);
    summary.forked_from_id = parentOf(summary.forked_from_id);
    const other = byId.get(summary.id);
    if (!other || preferOver(summary, other.summary)) byId.set(summary.id, { row, summary });
  }
  const issues = homeIssues({
    codexHome: source.codexHome,
    cacheDir: source.cacheDir,
    cacheProblem: source.cache.problem,
    stateDir: source.stateDir,
    priceProblem: source.priceProblem,
    anonymous,
    sync: report,
    malformedNames: threadNames.malformed,
  });
  return { candidates: [...byId.values()], issues };
}

/** The candidates `filter` keeps (search aside), with the problems found on the way. */
export async function filterCandidates(
  source: CandidateSource,
  filter: ListOptions,
): Promise<{ candidates: Candidate[]; matching: Candidate[]; issues: FileIssues[] }> {
  const { candidates, issues } = await loadCandidates(source);
  let own: Map<string, unknown> | null = null;
  if (!filter.includeOwn) {
    const ownThreads = await readOwnThreads(source.stateDir);
    own = ownThreads.threads;
    noteMalformed(issues, source.stateDir, 'own-threads.jsonl', ownThreads.malformed);
  }
  const trees = linkSubagents(candidates.map((c) => c.summary));
  for (const { summary } of candidates) {
    const tree = trees.get(summary.id);
    if (tree) summary.subagents = { count: tree.count, descendants: tree.descendants, tokens: tree.tokens };
  }
  const ownTurns = readOwnTurns(source.stateDir);
  noteMalformed(issues, source.stateDir, 'own-turns.jsonl', ownTurns.malformed);
  for (const { summary } of candidates) {
    const records = ownTurns.turns.get(summary.id);
    if (records)
      summary.user_messages = Math.max(0, summary.user_messages - countLandedTurns(summary, records));
  }
  const matching = candidates.filter(buildFilter(filter, source.now(), own));
  for (const { row } of matching) {
    const found = row.metadata.parse_issues;
    if (Object.keys(found.counts).length > 0) issues.push({ path: row.path, id: row.metadata.id, ...found });
  }
  // Files are indexed in the order their scans finish: sort so every run reports alike.
  issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { candidates, matching, issues };
}
