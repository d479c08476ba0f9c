import { join } from 'node:path';
import { REFRESHED_FILE } from '../../pricing/price-table.js';
import type { SyncReport } from '../index/index-sync.js';
import type { ParseIssueKind, ParseIssueReport } from '../types.js';

export interface FileIssues extends ParseIssueReport {
  path: string;
  /** The session the file holds, when it could be read. */
  id?: string;
}

/** Where a list's files came from, and what went wrong on the way there. */
interface HomeProblems {
  codexHome: string;
  cacheDir: string;
  /** Why the index cache lives in memory only, when it does. */
  cacheProblem: string | undefined;
  stateDir: string;
  /** Why the refreshed price list was not used, when it was not. */
  priceProblem: string | null;
  /** Rollouts without a session id, which are not listed. */
  anonymous: string[];
  sync: SyncReport;
  /** Lines of session_index.jsonl that are not {id, thread_name}. */
  malformedNames: number;
}

/** The problems every list reports before any of its sessions': the cache's, the prices', the home's. */
export function homeIssues(home: HomeProblems): FileIssues[] {
  const issues: FileIssues[] = [
    ...(home.cacheProblem ? [problemIssues(home.cacheDir, 'read_error', home.cacheProblem)] : []),
    ...(home.priceProblem
      ? [problemIssues(join(home.stateDir, REFRESHED_FILE), 'read_error', home.priceProblem)]
      : []),
    ...home.anonymous.map((path) =>
      problemIssues(path, 'unknown_line', 'No session id in the file or its name: not listed.'),
    ),
    ...home.sync.problems.map((problem) => problemIssues(problem.path, 'read_error', problem.message)),
    ...home.sync.failures.map((failure) => problemIssues(failure.path, 'read_error', failure.message)),
  ];
  if (home.malformedNames > 0) {
    const path = join(home.codexHome, 'session_index.jsonl');
    issues.push(
      problemIssues(
        path,
        'malformed_line',
        'Lines that are not {id, thread_name} were ignored.',
        home.malformedNames,
      ),
    );
  }
  return issues;
}

/** Notes the records of codex-retro's own runs in `file` that could not be read, if any. */
export function noteMalformed(issues: FileIssues[], stateDir: string, file: string, count: number): void {
  if (count > 0)
    issues.push(
      problemIssues(
        join(stateDir, file),
        'malformed_line',
        'Unreadable records of codex-retro runs were ignored.',
        count,
      ),
    );
}

export function problemIssues(path: string, kind: ParseIssueKind, message: string, count = 1): FileIssues {
  return { path, counts: { [kind]: count }, examples: [{ kind, message }] };
}
