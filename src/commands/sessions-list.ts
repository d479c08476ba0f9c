import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { FileIssues, ListedSession } from '../sessions/store.js';
import type { ParseIssueKind } from '../sessions/types.js';
import type { Command, CommandIo } from './command.js';
import { assertWindowOrder } from './option-values.js';
import { openSessionStoreFromFlags } from './session-store.js';
import { describeEmpty } from './sessions-empty.js';
import { terminalText } from './terminal-text.js';

export const sessionsListCommand: Command = {
  async run({ values }, io) {
    const since = values.since as Date | undefined;
    const until = values.until as Date | undefined;
    assertWindowOrder(since, until);
    const filter = {
      days: values.days as number | undefined,
      since,
      until,
      search: values.search as string | undefined,
      project: toProject(values.project as string | undefined, io.cwd),
      includeOwn: values['include-own'] === true,
      includeSubagents: values['include-subagents'] === true,
    };
    const { codexHome, progress, store } = openSessionStoreFromFlags(values, io);
    // A search's table is printed as it is found: the index's hits first, then each session the rollouts hold.
    const stream = filter.search !== undefined && !values.json ? await streamSearchTable(io, progress) : null;
    let result: Awaited<ReturnType<typeof store.list>>;
    try {
      result = await store.list(stream ? { ...filter, signal: stream.signal } : filter, stream?.events);
    } finally {
      progress.finish();
      store.close();
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify(result.sessions.map(toJson), null, 2)}\n`);
    } else if (stream && stream.printed() > 0) {
      stream.finish(result.total);
    } else if (result.sessions.length === 0) {
      io.stdout.write(`${terminalText(describeEmpty(filter, result.available, codexHome))}\n`);
    } else {
      const { formatSessionTable } = await import('./sessions-table.js');
      io.stdout.write(formatSessionTable(result.sessions, filter.search !== undefined, io));
    }
    const summary = summarizeIssues(result.issues);
    if (summary) io.stderr.write(`${terminalText(summary)}\n`);
    return 0;
  },
};

/** A path (relative to the working dir) becomes absolute; a bare name like `billing-api` stays a name. */
function toProject(value: string | undefined, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  const looksLikePath = value.includes(sep) || value.startsWith('.') || existsSync(resolve(cwd, value));
  return looksLikePath ? resolve(cwd, value) : value;
}

/** The summary fields in the documented order, plus the match when searching. */
function toJson(session: ListedSession): Record<string, unknown> {
  const { score: _score, snippet, snippet_segments, match_kind, match_line, ...summary } = session;
  return snippet === undefined ? summary : { ...summary, snippet, match_kind, match_line, snippet_segments };
}

/**
 * Prints a search's rows as the store finds them; the progress line is cleared before each write. A reader that
 * stops reading (`| head`) stops the search.
 */
async function streamSearchTable(io: CommandIo, progress: { finish(): void }) {
  const { createSessionTableStream } = await import('./sessions-table.js');
  const table = createSessionTableStream(io);
  const stop = new AbortController();
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stop.abort();
  });
  let printed = 0;
  const write = (text: string) => {
    if (stop.signal.aborted) return;
    progress.finish();
    io.stdout.write(`${text}\n`);
  };
  const print = (sessions: ListedSession[]) => {
    if (sessions.length === 0) return;
    const rows = sessions.map(table.row);
    write(printed === 0 ? [table.header(), ...rows].join('\n') : rows.join('\n'));
    printed += sessions.length;
  };
  return {
    signal: stop.signal,
    events: { onRanked: print, onFound: (session: ListedSession) => print([session]) },
    printed: () => printed,
    finish: (total: number) => write(`\n${table.count(total)}`),
  };
}

const ISSUE_NAMES: Record<ParseIssueKind, [string, string]> = {
  malformed_line: ['malformed line', 'malformed lines'],
  torn_last_line: ['torn last line', 'torn last lines'],
  invalid_utf8: ['line with invalid UTF-8', 'lines with invalid UTF-8'],
  unknown_line: ['unknown line', 'unknown lines'],
  oversize_line: ['oversize line', 'oversize lines'],
  read_error: ['unreadable file or dir', 'unreadable files or dirs'],
  vanished: ['file gone while read', 'files gone while read'],
};

/** One line for stderr: how many files had which problems, and where to look. */
function summarizeIssues(issues: FileIssues[]): string | null {
  if (issues.length === 0) return null;
  const totals = new Map<ParseIssueKind, number>();
  for (const issue of issues) {
    for (const [kind, count] of Object.entries(issue.counts) as [ParseIssueKind, number][]) {
      totals.set(kind, (totals.get(kind) ?? 0) + count);
    }
  }
  const kinds = Object.keys(ISSUE_NAMES) as ParseIssueKind[];
  const parts = kinds.flatMap((kind) => {
    const n = totals.get(kind);
    return n ? [`${n} ${ISSUE_NAMES[kind][n === 1 ? 0 : 1]}`] : [];
  });
  const example = issues.find((issue) => issue.id);
  const hint = example
    ? ` — see \`codex-retro sessions show ${example.id} --json\` (metadata.parse_issues)`
    : ` — first: ${issues[0]!.path}`;
  return `${issues.length} file${issues.length === 1 ? '' : 's'} had problems: ${parts.join(', ')}${hint}`;
}
