import { redactText } from '../../redact/index.js';
import type { SessionDetail, TranscriptEntry } from '../../sessions/types.js';
import { describeToolCall } from '../evidence-examples.js';
import { isTypedByPerson, ownEntries } from '../evidence-sessions.js';

/**
 * A whole session as a few kilobytes of plain lines, for Codex to write its facets from: every message the
 * person typed, Codex's replies, each tool call with its exit code, patches, errors and aborted turns. Long
 * texts are cut; a session too long for the budget keeps its beginning and end, and as many of the person's
 * prompts in between as fit (shorter). Redacted, whatever the transcript held.
 */

export const DIGEST_CHARS = 12_000;

const LIMITS = {
  prompt: 1_200,
  reply: 500,
  tool: 220,
  output: 160,
  middlePrompt: 200,
} as const;

function flat(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

interface Line {
  text: string;
  typed: boolean;
  /** The person's message, for the shortened copy a cut keeps. */
  raw?: string;
}

function describeOutput(entry: TranscriptEntry): string {
  const exit = entry.tool?.exit_code;
  const status = typeof exit === 'number' ? `exit ${exit}` : 'done';
  return exit && exit !== 0 ? `${status}: ${flat(entry.content, LIMITS.output)}` : status;
}

function toLines(session: SessionDetail): Line[] {
  const lines: Line[] = [];
  const calls = new Map<string, number>();
  for (const entry of ownEntries(session)) {
    const n = lines.length + 1;
    if (isTypedByPerson(entry)) {
      lines.push({
        text: `[${n}] you: ${flat(entry.content, LIMITS.prompt)}`,
        typed: true,
        raw: entry.content,
      });
    } else if (entry.kind === 'message' && entry.role === 'assistant') {
      lines.push({ text: `[${n}] codex: ${flat(entry.content, LIMITS.reply)}`, typed: false });
    } else if (entry.kind === 'tool_call') {
      const name = entry.tool?.name ?? 'tool';
      if (entry.tool?.call_id) calls.set(entry.tool.call_id, lines.length);
      lines.push({
        text: `[${n}] tool ${name}: ${flat(describeToolCall(entry), LIMITS.tool)}`,
        typed: false,
      });
    } else if (entry.kind === 'tool_output') {
      const at = entry.tool?.call_id ? calls.get(entry.tool.call_id) : undefined;
      const line = at === undefined ? undefined : lines[at];
      // The result goes on its call's line, so a failure reads as one fact.
      if (line) line.text += ` → ${describeOutput(entry)}`;
      else lines.push({ text: `[${n}] tool output: ${describeOutput(entry)}`, typed: false });
    } else if (entry.kind === 'patch') {
      const files = (entry.patch?.files ?? [])
        .map((file) => `${file.kind} ${file.path} (+${file.added} -${file.removed})`)
        .join(', ');
      const failed = entry.patch?.success === false ? ' → failed' : '';
      lines.push({
        text: `[${n}] patch: ${flat(files || entry.content, LIMITS.tool)}${failed}`,
        typed: false,
      });
    } else if (entry.kind === 'error') {
      const kind = entry.error_kind ?? 'error';
      lines.push({ text: `[${n}] ${kind}: ${flat(entry.content || kind, LIMITS.output)}`, typed: false });
    } else if (entry.kind === 'compaction') {
      lines.push({ text: `[${n}] (the conversation was compacted here)`, typed: false });
    }
  }
  return lines;
}

function header(session: SessionDetail): string {
  const m = session.metadata;
  const parts = [
    `title: ${flat(m.title, 160)}`,
    m.started_at ? `started ${m.started_at}` : null,
    m.cwd ? `in ${m.cwd}` : null,
    m.forked_from_id ? `forked from ${m.forked_from_id} (the parent's history is left out)` : null,
    `${m.user_messages} message(s) typed by the person, ${m.tool_calls} tool call(s), ${m.tool_errors} failed`,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Joins lines up to `budget` characters: the head and tail whole, the middle as the person's prompts only. */
function fitToBudget(lines: Line[], budget: number): string[] {
  const size = (list: string[]) => list.reduce((sum, line) => sum + line.length + 1, 0);
  const all = lines.map((line) => line.text);
  if (size(all) <= budget) return all;
  const half = Math.floor(budget * 0.4);
  const head: string[] = [];
  let i = 0;
  for (; i < lines.length && size(head) + (lines[i]?.text.length ?? 0) < half; i++) head.push(lines[i]!.text);
  const tail: string[] = [];
  let j = lines.length - 1;
  for (; j >= i && size(tail) + (lines[j]?.text.length ?? 0) < half; j--) tail.unshift(lines[j]!.text);
  const middle = lines.slice(i, j + 1);
  const kept: string[] = [];
  for (const line of middle) {
    if (!line.typed) continue;
    const short = `${line.text.slice(0, line.text.indexOf(':') + 1)} ${flat(line.raw ?? '', LIMITS.middlePrompt)}`;
    if (size(head) + size(tail) + size(kept) + short.length + 120 > budget) break;
    kept.push(short);
  }
  const left = middle.length - kept.length;
  const note = `[… ${left} entr${left === 1 ? 'y' : 'ies'} in the middle left out to keep this digest short …]`;
  return [...head, ...kept, note, ...tail];
}

export function digestWholeSession(session: SessionDetail, budget = DIGEST_CHARS): string {
  const lines = fitToBudget(toLines(session), budget - 400);
  return redactText([header(session), ...lines].join('\n'));
}
