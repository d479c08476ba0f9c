import { basename } from 'node:path';
import { formatCost } from '../pricing/format-cost.js';
import { shortSessionId } from '../sessions/session-ref.js';
import type { ListedSession } from '../sessions/store.js';
import type { CommandIo } from './command.js';
import { formatLocalTime } from './format.js';
import { type Column, clipToWidth, formatTable, terminalWidth } from './table.js';
import { terminalText } from './terminal-text.js';

/** Narrow terminals lose MODEL first, then USER, TOOLS, COST and PROJECT; TITLE, PROJECT and MODEL are cut before that. */
const COLUMNS: Column[] = [
  { header: 'ID' },
  { header: 'UPDATED' },
  { header: 'TITLE', max: 60, min: 24 },
  { header: 'PROJECT', max: 24, min: 8, drop: 4 },
  { header: 'MODEL', max: 18, min: 7, drop: 1 },
  { header: 'USER', align: 'right', drop: 2 },
  { header: 'TOOLS', align: 'right', drop: 3 },
  { header: 'ERRORS', align: 'right' },
  { header: 'COST', align: 'right', drop: 3.5 },
];

const MATCH_LABELS: Record<string, string> = {
  message: 'message',
  tool_call: 'tool call',
  tool_output: 'tool output',
  reasoning: 'reasoning',
  patch: 'patch',
  error: 'error',
};

/** Sessions as a table that fits the terminal, each search hit on a line of its own below its session. */
export function formatSessionTable(sessions: ListedSession[], searching: boolean, io: CommandIo): string {
  const width = terminalWidth(io);
  const [header, ...lines] = formatTable(COLUMNS, sessions.map(cellsOf), width);
  const out = [header!];
  sessions.forEach((session, i) => {
    out.push(lines[i]!);
    if (searching && session.snippet) out.push(snippetLine(session, width));
  });
  out.push('', countLine(sessions.length));
  return `${out.join('\n')}\n`;
}

/**
 * A search's table printed as its rows are found: every row is laid out as if the widest cells a session can
 * have were in the table, so rows printed apart line up with the header printed first.
 */
export function createSessionTableStream(io: CommandIo) {
  const width = terminalWidth(io);
  const widest = COLUMNS.map((column, i) => 'x'.repeat(column.max ?? WIDEST_CELLS[i] ?? 1));
  return {
    header: () => formatTable(COLUMNS, [widest], width)[0]!,
    row: (session: ListedSession) => {
      const row = formatTable(COLUMNS, [widest, cellsOf(session)], width)[2]!;
      return session.snippet ? `${row}\n${snippetLine(session, width)}` : row;
    },
    count: countLine,
  };
}

/** Widest cells of the columns without a `max`: a short id, a local time, counts up to 99,999, `$1,234.56`. */
const WIDEST_CELLS = [12, 16, 0, 0, 0, 5, 5, 5, 9];

function cellsOf(s: ListedSession): string[] {
  return [
    shortSessionId(s.id),
    formatLocalTime(s.updated_at ?? s.started_at),
    `${describeAgents(s)}${oneLine(s.title) || '(no prompt)'}${s.archived ? ' [archived]' : ''}`,
    s.cwd ? basename(s.cwd) : (s.repo_hint ?? '-'),
    s.model,
    String(s.user_messages),
    String(s.tool_calls),
    String(s.tool_errors),
    formatCost(s.cost),
  ].map((cell) => terminalText(oneLine(cell)));
}

function snippetLine(session: ListedSession, width: number): string {
  const where = MATCH_LABELS[session.match_kind ?? ''] ?? session.match_kind ?? 'text';
  const prefix = `    ${where}: `;
  const room = Math.min(140, width - prefix.length);
  return `${prefix}${clipToWidth(terminalText(aroundMatch(session.snippet ?? '', room)), room)}`;
}

function countLine(count: number): string {
  return `${count} session${count === 1 ? '' : 's'}`;
}

/** First, so a cut title keeps it: a subagent says whose it is, a session how many subagents it spawned. */
function describeAgents(s: ListedSession): string {
  if (s.subagent)
    return s.parent_thread_id ? `[subagent of ${shortSessionId(s.parent_thread_id)}] ` : '[subagent] ';
  const n = s.subagents.count;
  return n > 0 ? `[+${n} subagent${n === 1 ? '' : 's'}] ` : '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A snippet that starts a little before its first highlighted [term], so the hit stays in view when cut. */
function aroundMatch(snippet: string, room: number): string {
  const flat = oneLine(snippet);
  const hit = flat.indexOf('[');
  const start = hit > room / 3 ? hit - Math.floor(room / 3) : 0;
  return start > 0 ? `…${flat.slice(start)}` : flat;
}
