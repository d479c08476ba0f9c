import { dedupeKey } from './normalize/normalize-text.js';
import type { OwnTurn } from './own-turns.js';
import type { ScannedDetail, SessionSummary, TranscriptEntry, TurnInfo } from './types.js';

/**
 * Marks the turns codex-retro added to a resumed session: its prompt becomes `context` written by
 * codex-retro, and every entry and turn up to the person's next message carries the run. The prompt is found
 * by its key and by time: Codex records it after codex-retro sent it, within the run.
 *
 * Planned from the messages alone (`planOwnTurns`), then applied entry by entry in order (`createOwnTurnMarker`),
 * so a transcript read in slices is marked as one held whole.
 */

/** Codex stamps the prompt after it was sent; clocks of one machine, a little slack either way. */
const BEFORE_MS = 2 * 60_000;
const AFTER_MS = 24 * 60 * 60_000;

type CodexRetroRun = NonNullable<TranscriptEntry['codex_retro']>;

/** What the plan needs of an entry whose kind is `message`: `key` and `ts` only for the person's ones. */
export interface MessageFacts {
  /** Where the entry is in its transcript; positions only grow. */
  position: number;
  role: TranscriptEntry['role'];
  inherited: boolean;
  line: number;
  ts: string | null;
  key: string | null;
}

export interface OwnTurnPlan {
  /** The prompts that were codex-retro's, by position, and their run. */
  prompts: Map<number, CodexRetroRun>;
  /** Positions of the messages the person typed as read (prompts included), ascending. */
  typed: number[];
  /** How the metadata changes: typed messages and turns that were codex-retro's. */
  prompts_found: number;
  turns_found: number;
}

function sentAround(ts: string | null, turn: OwnTurn): boolean {
  if (!ts) return true;
  const at = Date.parse(ts);
  const sent = Date.parse(turn.sent_at);
  return Number.isNaN(at) || (at >= sent - BEFORE_MS && at <= sent + AFTER_MS);
}

function isTyped(entry: Pick<TranscriptEntry, 'inherited' | 'kind' | 'role'>): boolean {
  return !entry.inherited && entry.kind === 'message' && entry.role === 'user';
}

/** The facts of an entry of kind `message` (the key only for the person's messages: it costs a pass over the text). */
export function messageFacts(entry: TranscriptEntry, position: number): MessageFacts {
  const typed = isTyped(entry);
  return {
    position,
    role: entry.role,
    inherited: entry.inherited === true,
    line: entry.line,
    ts: typed ? entry.ts : null,
    key: typed ? dedupeKey('user', 'message', entry.content) : null,
  };
}

/**
 * Which prompts were codex-retro's, given the transcript's messages (entries of kind `message`) in order;
 * marks the turns they opened on `turns`.
 */
export function planOwnTurns(
  messages: Iterable<MessageFacts>,
  turns: TurnInfo[],
  records: readonly OwnTurn[],
): OwnTurnPlan {
  const pending = [...records];
  const prompts = new Map<number, CodexRetroRun>();
  const typed: number[] = [];
  /** Each marked span: its prompt's line, and the line of the message before it (any role). */
  const spans: { line: number; after: number; run: OwnTurn }[] = [];
  let lastMessageLine = -1;
  for (const message of messages) {
    if (message.role === 'user' && !message.inherited) {
      typed.push(message.position);
      const index = pending.findIndex(
        (turn) => turn.prompt_key === message.key && sentAround(message.ts, turn),
      );
      if (index >= 0) {
        const run = pending.splice(index, 1)[0] as OwnTurn;
        prompts.set(message.position, { job_id: run.job_id, kind: run.kind });
        spans.push({ line: message.line, after: lastMessageLine, run });
        // The prompt becomes context: the next prompt's "message before" is not it.
        continue;
      }
    }
    lastMessageLine = message.line;
  }
  // The turn of a prompt is the last one opened at or before its line (task_started comes first, or the
  // prompt itself opens it), and after the message before it (else the prompt joined a running turn).
  let turnsFound = 0;
  const own = turns.filter((turn) => !turn.inherited);
  for (const span of spans) {
    const turn = own.findLast((t) => t.line <= span.line);
    if (!turn || turn.line <= span.after || turn.codex_retro) continue;
    turn.codex_retro = { job_id: span.run.job_id, kind: span.run.kind };
    turnsFound++;
  }
  return { prompts, typed, prompts_found: spans.length, turns_found: turnsFound };
}

/** The metadata of a transcript whose turns `plan` found: codex-retro's are not the person's. */
export function applyOwnTurnCounts(meta: ScannedDetail['metadata'], plan: OwnTurnPlan): void {
  if (plan.prompts_found === 0) return;
  meta.user_messages = Math.max(0, meta.user_messages - plan.prompts_found);
  meta.turns = Math.max(0, meta.turns - plan.turns_found);
  meta.codex_retro_turns = plan.prompts_found;
}

/** The run under way at `start`: the one whose prompt is the last message the person typed before it. */
function runBefore(plan: OwnTurnPlan, start: number): CodexRetroRun | null {
  let low = 0;
  let high = plan.typed.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((plan.typed[middle] as number) < start) low = middle + 1;
    else high = middle;
  }
  const before = plan.typed[low - 1];
  return before === undefined ? null : (plan.prompts.get(before) ?? null);
}

/**
 * Marks entries in order from `start` (a position): a prompt of the plan, and every entry after it up to the
 * person's next message.
 */
export function createOwnTurnMarker(
  plan: OwnTurnPlan,
  start = 0,
): (entry: TranscriptEntry, position: number) => void {
  let active = runBefore(plan, start);
  return (entry, position) => {
    if (isTyped(entry)) {
      const run = plan.prompts.get(position);
      active = run ?? null;
      if (!run) return;
      entry.kind = 'context';
      entry.author = 'codex-retro';
      entry.codex_retro = { ...run };
      return;
    }
    if (active && !entry.inherited) entry.codex_retro = { ...active };
  };
}

export function markOwnTurns(detail: ScannedDetail, records: readonly OwnTurn[]): void {
  const messages = detail.messages;
  const facts = messages.flatMap((entry, i) => (entry.kind === 'message' ? [messageFacts(entry, i)] : []));
  const plan = planOwnTurns(facts, detail.turns, records);
  if (plan.prompts_found === 0) return;
  const mark = createOwnTurnMarker(plan);
  messages.forEach(mark);
  applyOwnTurnCounts(detail.metadata, plan);
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
