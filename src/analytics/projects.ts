import type { AnalyzedSession } from './prepare.js';
import { isUserMessage } from './prepare.js';
import { compareText } from './stats.js';
import type { ProjectMetrics, ProjectRow } from './types.js';

const NONE = '(none)';

/**
 * A repository's name from its remote URL, the same for every way of writing it:
 * `git@github.com:o/r.git`, `https://user@github.com/o/r` and `ssh://git@github.com/o/r.git`
 * all become `github.com/o/r`. Credentials in the URL never survive.
 */
export function normalizeRepository(url: string): string {
  let text = url.trim();
  const scp = /^[^/@\s]+@([^:/\s]+):(.+)$/.exec(text);
  if (scp) text = `${scp[1]}/${scp[2]}`;
  else text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^/@]*@/, '');
  return text.replace(/\.git\/?$/, '').replace(/\/+$/, '');
}

function repositoryOf(session: AnalyzedSession): string {
  const url = session.meta.git?.repository_url;
  if (url) return normalizeRepository(url);
  return session.meta.repo_hint || NONE;
}

function toRows(rows: Map<string, ProjectRow>): ProjectRow[] {
  return [...rows.values()].sort(
    (a, b) => b.sessions - a.sessions || b.active_ms - a.active_ms || compareText(a.name, b.name),
  );
}

/** Where the work happened: sessions, typed messages, tool calls and time by repository and directory. */
export function computeProjects(sessions: AnalyzedSession[]): ProjectMetrics {
  const repositories = new Map<string, ProjectRow>();
  const directories = new Map<string, ProjectRow>();
  for (const session of sessions) {
    const userMessages = session.entries.filter(isUserMessage).length;
    const toolCalls = session.entries.filter((entry) => entry.kind === 'tool_call').length;
    const activeMs = session.start !== null && session.end !== null ? session.end - session.start : 0;
    for (const [rows, name] of [
      [repositories, repositoryOf(session)],
      [directories, session.meta.cwd || NONE],
    ] as const) {
      const row = rows.get(name) ?? { name, sessions: 0, user_messages: 0, tool_calls: 0, active_ms: 0 };
      row.sessions++;
      row.user_messages += userMessages;
      row.tool_calls += toolCalls;
      row.active_ms += activeMs;
      rows.set(name, row);
    }
  }
  return { repositories: toRows(repositories), directories: toRows(directories) };
}
