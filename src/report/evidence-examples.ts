import type { SessionDetail, TranscriptEntry } from '../sessions/types.js';
import { clip, isTypedByPerson, ownEntries } from './evidence-sessions.js';

/** The most telling moments of the window, each tied to the session it happened in. */
export interface EvidenceExamples {
  failed_commands: FailedCommand[];
  friction_moments: FrictionMoment[];
  long_turns: LongTurn[];
}

interface FailedCommand {
  session_id: string;
  ts: string | null;
  tool: string;
  command: string;
  exit_code: number | null;
  output: string;
}

interface FrictionMoment {
  session_id: string;
  ts: string | null;
  kind: 'codex_error' | 'aborted_turn' | 'failed_patch' | 'reply_after_failure' | 'correction';
  text: string;
}

interface LongTurn {
  session_id: string;
  started_at: string | null;
  duration_seconds: number;
  status: string;
  prompt: string | null;
}

/** Words a person uses to steer Codex back: "no", "that's wrong", "still failing", "instead"… */
const CORRECTION =
  /^(no\b|nope\b|not that|wrong\b|that's not|that is not|actually\b|instead\b|stop\b|undo\b|revert\b)|\b(still (fails|failing|broken|not working|doesn't)|doesn't work|didn't work|you forgot|i said|i asked)\b/i;

/** The command a tool call ran, read from its recorded arguments whatever their shape. */
export function describeToolCall(entry: TranscriptEntry): string {
  const raw = entry.tool?.arguments ?? entry.content;
  try {
    const args = JSON.parse(raw) as Record<string, unknown>;
    const command = args.cmd ?? args.command;
    if (Array.isArray(command)) return command.map(String).join(' ');
    if (typeof command === 'string') return command;
  } catch {
    // Not JSON: a freeform tool (apply_patch) or a plain string; show it as recorded.
  }
  return raw;
}

function findFailures(session: SessionDetail, entries: TranscriptEntry[], out: FailedCommand[]): void {
  const calls = new Map<string, TranscriptEntry>();
  for (const entry of entries) {
    if (entry.kind === 'tool_call' && entry.tool) calls.set(entry.tool.call_id, entry);
    const exit = entry.tool?.exit_code;
    const failedOutput = entry.kind === 'tool_output' && typeof exit === 'number' && exit !== 0;
    if (!failedOutput) continue;
    const call = entry.tool ? calls.get(entry.tool.call_id) : undefined;
    out.push({
      session_id: session.id,
      ts: entry.ts,
      tool: call?.tool?.name ?? 'unknown',
      command: clip(call ? describeToolCall(call) : '', 300),
      exit_code: exit ?? null,
      output: clip(entry.content, 300),
    });
  }
}

function findFriction(session: SessionDetail, entries: TranscriptEntry[], out: FrictionMoment[]): void {
  let lastWasFailure = false;
  for (const entry of entries) {
    const base = { session_id: session.id, ts: entry.ts };
    if (entry.kind === 'error') {
      const kind = entry.error_kind === 'turn_aborted' ? 'aborted_turn' : 'codex_error';
      out.push({ ...base, kind, text: clip(entry.content || entry.error_kind || 'error', 240) });
      lastWasFailure = true;
    } else if (entry.kind === 'patch' && entry.patch?.success === false) {
      out.push({ ...base, kind: 'failed_patch', text: clip(entry.content, 240) });
      lastWasFailure = true;
    } else if (entry.kind === 'tool_output') {
      const exit = entry.tool?.exit_code;
      lastWasFailure = typeof exit === 'number' && exit !== 0;
    } else if (isTypedByPerson(entry)) {
      if (lastWasFailure) out.push({ ...base, kind: 'reply_after_failure', text: clip(entry.content, 240) });
      else if (CORRECTION.test(entry.content.trim())) {
        out.push({ ...base, kind: 'correction', text: clip(entry.content, 240) });
      }
      lastWasFailure = false;
    }
  }
}

function findLongTurns(session: SessionDetail, entries: TranscriptEntry[], out: LongTurn[]): void {
  const prompts = entries.filter(isTypedByPerson);
  for (const turn of session.turns) {
    if (turn.inherited || turn.duration_ms === null) continue;
    const start = turn.started_at ? Date.parse(turn.started_at) : Number.NaN;
    const byTurn = turn.turn_id ? prompts.find((p) => p.turn_id === turn.turn_id) : undefined;
    const before = prompts.filter((p) => p.ts !== null && Date.parse(p.ts) <= start + 1000).at(-1);
    const prompt = byTurn ?? before;
    out.push({
      session_id: session.id,
      started_at: turn.started_at,
      duration_seconds: Math.round(turn.duration_ms / 1000),
      status: turn.status,
      prompt: prompt ? clip(prompt.content, 200) : null,
    });
  }
}

/** Collects every candidate, then keeps the `limit` most telling of each kind (spread over sessions). */
export function collectExamples(sessions: SessionDetail[], limit: number): EvidenceExamples {
  const failed: FailedCommand[] = [];
  const friction: FrictionMoment[] = [];
  const long: LongTurn[] = [];
  for (const session of sessions) {
    const entries = ownEntries(session);
    findFailures(session, entries, failed);
    findFriction(session, entries, friction);
    findLongTurns(session, entries, long);
  }
  long.sort((a, b) => b.duration_seconds - a.duration_seconds);
  return {
    failed_commands: spreadOverSessions(failed, limit),
    friction_moments: spreadOverSessions(friction, limit),
    long_turns: long.slice(0, limit),
  };
}

/** Round-robin over sessions so one noisy session cannot fill the whole list. */
function spreadOverSessions<T extends { session_id: string }>(items: T[], limit: number): T[] {
  const bySession = new Map<string, T[]>();
  for (const item of items) bySession.set(item.session_id, [...(bySession.get(item.session_id) ?? []), item]);
  const queues = [...bySession.values()];
  const picked: T[] = [];
  for (let round = 0; picked.length < limit && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      const item = queue[round];
      if (item && picked.length < limit) picked.push(item);
    }
  }
  return picked;
}
