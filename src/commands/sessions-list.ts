import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { RetroError } from '../errors.js';
import type { FileIssues, ListedSession } from '../sessions/store.js';
import type { ParseIssueKind } from '../sessions/types.js';
import { type Command, sharedOptions } from './command.js';
import { openSessionStoreFromFlags } from './session-store.js';
import { terminalText } from './terminal-text.js';

export const sessionsListCommand: Command = {
  usage: '[--days N] [--search TEXT] [--project DIR] [--json] [--include-own]',
  options: {
    days: { type: 'string', valueName: 'N', description: 'Only sessions active in the last N days' },
    search: {
      type: 'string',
      valueName: 'TEXT',
      description:
        'Full-text search; all words must match, "quoted phrases" stay together, word* is a prefix',
    },
    project: {
      type: 'string',
      valueName: 'DIR',
      description: 'Only sessions that ran in DIR or below it (a bare name matches the repo or folder name)',
    },
    json: { type: 'boolean', description: 'Print the sessions as a JSON array on stdout' },
    'include-own': { type: 'boolean', description: 'Also list the sessions codex-retro itself started' },
    ...sharedOptions,
  },
  async run({ values }, io) {
    const days = parseDays(values.days as string | undefined);
    const { codexHome, progress, store } = openSessionStoreFromFlags(values, io);
    let result: Awaited<ReturnType<typeof store.list>>;
    try {
      result = await store.list({
        days,
        search: values.search as string | undefined,
        project: toProject(values.project as string | undefined, io.cwd),
        includeOwn: values['include-own'] === true,
      });
    } finally {
      progress.finish();
      store.close();
    }
    if (values.json) io.stdout.write(`${JSON.stringify(result.sessions.map(toJson), null, 2)}\n`);
    else io.stdout.write(terminalText(formatTable(result.sessions, values.search !== undefined, codexHome)));
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

function parseDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(days > 0)) {
    throw new RetroError('invalid_option', `--days must be a positive number of days, not "${value}".`, {
      status: 400,
    });
  }
  return days;
}

/** The summary fields in the documented order, plus the match when searching. */
function toJson(session: ListedSession): Record<string, unknown> {
  const { score: _score, snippet, match_kind, ...summary } = session;
  return snippet === undefined ? summary : { ...summary, snippet, match_kind };
}

const COLUMNS = ['ID', 'UPDATED', 'TITLE', 'PROJECT', 'MODEL', 'USER', 'TOOLS', 'ERRORS'] as const;
const NUMERIC = new Set(['USER', 'TOOLS', 'ERRORS']);
const MATCH_LABELS: Record<string, string> = {
  message: 'message',
  tool_call: 'tool call',
  tool_output: 'tool output',
  reasoning: 'reasoning',
  patch: 'patch',
  error: 'error',
};

function formatTable(sessions: ListedSession[], searching: boolean, codexHome: string): string {
  if (sessions.length === 0) {
    return searching ? 'No session matches.\n' : `No Codex sessions found in ${codexHome}.\n`;
  }
  const rows = sessions.map((s) => [
    shortId(s.id),
    formatTime(s.updated_at ?? s.started_at),
    clip(`${s.title || '(no prompt)'}${s.archived ? ' [archived]' : ''}`, 48),
    clip(s.cwd ? basename(s.cwd) : (s.repo_hint ?? '-'), 20),
    clip(s.model, 16),
    String(s.user_messages),
    String(s.tool_calls),
    String(s.tool_errors),
  ]);
  const widths = COLUMNS.map((name, i) => Math.max(name.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (NUMERIC.has(COLUMNS[i]!) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(COLUMNS)];
  sessions.forEach((session, i) => {
    out.push(line(rows[i]!));
    if (searching && session.snippet) {
      const where = MATCH_LABELS[session.match_kind ?? ''] ?? session.match_kind ?? 'text';
      out.push(`    ${where}: ${clipAroundMatch(session.snippet, 140)}`);
    }
  });
  out.push('', `${sessions.length} session${sessions.length === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
}

/** The last group of the UUID: it is the random part in both v4 and v7 ids. `sessions show` accepts it. */
function shortId(id: string): string {
  return id.slice(-12);
}

function formatTime(iso: string | null): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '-';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A snippet cut to `max` characters that keeps its first highlighted [term] in view. */
function clipAroundMatch(snippet: string, max: number): string {
  const flat = snippet.replace(/\s+/g, ' ').trim();
  const hit = flat.indexOf('[');
  const start = hit > max / 3 ? hit - Math.floor(max / 3) : 0;
  return clip(start > 0 ? `…${flat.slice(start)}` : flat, max);
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
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
