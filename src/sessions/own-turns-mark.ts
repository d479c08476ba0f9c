import { dedupeKey } from './normalize/normalize-text.js';
import type { OwnTurn } from './own-turns.js';
import type { SessionDetail, SessionSummary, TranscriptEntry } from './types.js';

/**
 * Marks the turns codex-retro added to a resumed session: its prompt becomes `context` written by
 * codex-retro, and every entry and turn up to the person's next message carries the run. The prompt is found
 * by its key and by time: Codex records it after codex-retro sent it, within the run.
 */

/** Codex stamps the prompt after it was sent; clocks of one machine, a little slack either way. */
const BEFORE_MS = 2 * 60_000;
const AFTER_MS = 24 * 60 * 60_000;

function sentAround(entry: TranscriptEntry, turn: OwnTurn): boolean {
  if (!entry.ts) return true;
  const at = Date.parse(entry.ts);
  const sent = Date.parse(turn.sent_at);
  return Number.isNaN(at) || (at >= sent - BEFORE_MS && at <= sent + AFTER_MS);
}

function isTyped(entry: TranscriptEntry): boolean {
  return !entry.inherited && entry.kind === 'message' && entry.role === 'user';
}

export function markOwnTurns(detail: SessionDetail, records: readonly OwnTurn[]): void {
  const pending = [...records];
  const messages = detail.messages;
  /** Each marked span: its prompt's line, and the line of the message before it (any role). */
  const spans: { line: number; after: number; run: OwnTurn }[] = [];
  for (let i = 0; i < messages.length && pending.length > 0; i++) {
    const entry = messages[i] as TranscriptEntry;
    if (!isTyped(entry)) continue;
    const key = dedupeKey('user', 'message', entry.content);
    const index = pending.findIndex((turn) => turn.prompt_key === key && sentAround(entry, turn));
    if (index < 0) continue;
    const run = pending.splice(index, 1)[0] as OwnTurn;
    const mark = { job_id: run.job_id, kind: run.kind };
    entry.kind = 'context';
    entry.author = 'codex-retro';
    entry.codex_retro = mark;
    let j = i + 1;
    for (; j < messages.length && !isTyped(messages[j] as TranscriptEntry); j++) {
      const next = messages[j] as TranscriptEntry;
      if (!next.inherited) next.codex_retro = mark;
    }
    const previous = messages.slice(0, i).findLast((m) => m.kind === 'message');
    spans.push({ line: entry.line, after: previous?.line ?? -1, run });
    i = j - 1;
  }
  if (spans.length === 0) return;
  // The turn of a prompt is the last one opened at or before its line (task_started comes first, or the
  // prompt itself opens it), and after the message before it (else the prompt joined a running turn).
  let turns = 0;
  const own = detail.turns.filter((turn) => !turn.inherited);
  for (const span of spans) {
    const turn = own.findLast((t) => t.line <= span.line);
    if (!turn || turn.line <= span.after || turn.codex_retro) continue;
    turn.codex_retro = { job_id: span.run.job_id, kind: span.run.kind };
    turns++;
  }
  const meta = detail.metadata;
  meta.user_messages = Math.max(0, meta.user_messages - spans.length);
  meta.turns = Math.max(0, meta.turns - turns);
  meta.codex_retro_turns = spans.length;
}

/**
 * For a listing that does not read transcripts: the prompts that landed in the session (it was written to
 * after they were sent) are not the person's.
 */
export function countLandedTurns(summary: SessionSummary, records: readonly OwnTurn[]): number {
  const updated = Date.parse(summary.updated_at ?? '');
  if (Number.isNaN(updated)) return 0;
  return records.filter((turn) => Date.parse(turn.sent_at) - BEFORE_MS <= updated).length;
}
