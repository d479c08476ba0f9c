import { basename } from 'node:path';
import { shortSessionId } from '../sessions/session-ref.js';
import type { ListedSession } from '../sessions/store.js';
import type { CommandIo } from './command.js';
import { formatLocalTime } from './format.js';
import { type Column, clipToWidth, formatTable, terminalWidth } from './table.js';
import { terminalText } from './terminal-text.js';

/** Narrow terminals lose MODEL first, then USER, then TOOLS; TITLE, PROJECT and MODEL are cut before that. */
const COLUMNS: Column[] = [
  { header: 'ID' },
  { header: 'UPDATED' },
  { header: 'TITLE', max: 60, min: 24 },
  { header: 'PROJECT', max: 24, min: 8, drop: 4 },
  { header: 'MODEL', max: 18, min: 7, drop: 1 },
  { header: 'USER', align: 'right', drop: 2 },
  { header: 'TOOLS', align: 'right', drop: 3 },
  { header: 'ERRORS', align: 'right' },
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
  const rows = sessions.map((s) =>
    [
      shortSessionId(s.id),
      formatLocalTime(s.updated_at ?? s.started_at),
      `${oneLine(s.title) || '(no prompt)'}${s.archived ? ' [archived]' : ''}`,
      s.cwd ? basename(s.cwd) : (s.repo_hint ?? '-'),
      s.model,
      String(s.user_messages),
      String(s.tool_calls),
      String(s.tool_errors),
    ].map((cell) => terminalText(oneLine(cell))),
  );
  const [header, ...lines] = formatTable(COLUMNS, rows, width);
  const out = [header!];
  sessions.forEach((session, i) => {
    out.push(lines[i]!);
    if (searching && session.snippet) {
      const where = MATCH_LABELS[session.match_kind ?? ''] ?? session.match_kind ?? 'text';
      const prefix = `    ${where}: `;
      const room = Math.min(140, width - prefix.length);
      out.push(`${prefix}${clipToWidth(terminalText(aroundMatch(session.snippet, room)), room)}`);
    }
  });
  out.push('', `${sessions.length} session${sessions.length === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
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
