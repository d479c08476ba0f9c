import type { EventOf } from '../scan/records.js';
import type { TurnInfo } from '../types.js';
import { type EntrySink, emitEntry, type NormalizerState, type OpenTurn } from './normalize-state.js';

/**
 * User turns as Codex timed them (task_started → task_complete, ≥0.100), or one turn per typed
 * message in older releases; failed and aborted turns become `error` entries.
 */

export interface LineContext {
  line: number;
  ts: string | null;
}

/** Epoch seconds (0.169 `started_at`) or an ISO string → ISO string. */
function toIso(value: string | number | null | undefined, fallback: string | null): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = value > 1e12 ? value : value * 1000;
    return new Date(ms).toISOString();
  }
  return fallback;
}

function closeTurn(
  state: NormalizerState,
  sink: EntrySink,
  status: TurnInfo['status'],
  completedAt: string | null,
  extra: { duration_ms?: number | null; time_to_first_token_ms?: number | null } = {},
): void {
  const turn = state.turn;
  if (!turn) return;
  state.turn = null;
  let duration = extra.duration_ms ?? null;
  if (duration === null && turn.started_at && completedAt) {
    const diff = Date.parse(completedAt) - Date.parse(turn.started_at);
    duration = Number.isFinite(diff) && diff >= 0 ? diff : null;
  }
  if (status === 'failed' && !turn.inherited) state.meta.failed_turns++;
  if (status === 'aborted' && !turn.inherited) state.meta.aborted_turns++;
  const info: TurnInfo = {
    turn_id: turn.turn_id,
    line: turn.line,
    started_at: turn.started_at,
    completed_at: completedAt,
    duration_ms: duration,
    time_to_first_token_ms: extra.time_to_first_token_ms ?? null,
    status,
    model: turn.model,
  };
  if (turn.inherited) info.inherited = true;
  if (turn.waits > 0) info.approval_waits = turn.waits;
  sink.turn(info);
}

function openTurn(
  state: NormalizerState,
  sink: EntrySink,
  turn: Omit<OpenTurn, 'inherited' | 'waits'>,
): void {
  if (state.turn) closeTurn(state, sink, 'unknown', state.turn.synthetic ? state.turn.last_ts : null);
  state.turn = {
    turn_id: turn.turn_id,
    line: turn.line,
    started_at: turn.started_at,
    model: turn.model,
    synthetic: turn.synthetic,
    error_seen: turn.error_seen,
    answered_after_error: turn.answered_after_error,
    last_ts: turn.last_ts,
    inherited: state.inherited.active,
    waits: 0,
  };
  if (!state.inherited.active) state.turns++;
}

/** A tool call with which Codex waited for the person: its turn is counted once as one that waited. */
export function noteApprovalWait(state: NormalizerState): void {
  const turn = state.turn;
  if (turn) {
    turn.waits++;
    if (turn.waits === 1 && !turn.inherited) state.meta.approval_turns++;
  } else if (!state.inherited.active) state.meta.approval_turns++;
}

export function startTaskTurn(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  event: EventOf<'task_started'>,
): void {
  state.task_events = true;
  openTurn(state, sink, {
    turn_id: event.turn_id ?? null,
    line: ctx.line,
    started_at: toIso(event.started_at, ctx.ts),
    model: state.meta.model,
    synthetic: false,
    error_seen: false,
    answered_after_error: false,
    last_ts: ctx.ts,
  });
}

/** Older releases have no task events: a typed message starts a turn. */
export function noteUserMessage(state: NormalizerState, sink: EntrySink, ctx: LineContext): void {
  if (state.task_events) return;
  openTurn(state, sink, {
    turn_id: null,
    line: ctx.line,
    started_at: ctx.ts,
    model: state.meta.model,
    synthetic: true,
    error_seen: false,
    answered_after_error: false,
    last_ts: ctx.ts,
  });
}

export function noteActivity(state: NormalizerState, ctx: LineContext, answer: boolean): void {
  const turn = state.turn;
  if (!turn) return;
  if (ctx.ts) turn.last_ts = ctx.ts;
  if (answer && turn.error_seen) turn.answered_after_error = true;
}

export function addError(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  errorKind: string,
  message: string,
): void {
  if (state.turn) state.turn.error_seen = true;
  emitEntry(state, sink, {
    role: 'system',
    kind: 'error',
    content: message,
    ts: ctx.ts,
    line: ctx.line,
    error_kind: errorKind,
  });
}

export function completeTaskTurn(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  event: EventOf<'task_complete'>,
): void {
  const turn = state.turn;
  const unanswered = Boolean(turn?.error_seen && !turn.answered_after_error && !event.last_agent_message);
  const failed = Boolean(event.error) || unanswered;
  if (event.error) {
    addError(state, sink, ctx, 'turn_failed', event.error.message ?? 'The turn failed.');
  } else if (unanswered) {
    addError(state, sink, ctx, 'turn_failed', 'The turn ended after an error without an answer.');
  }
  if (!turn) return;
  closeTurn(state, sink, failed ? 'failed' : 'completed', toIso(event.completed_at, ctx.ts), {
    duration_ms: event.duration_ms ?? null,
    time_to_first_token_ms: event.time_to_first_token_ms ?? null,
  });
}

export function abortTurn(state: NormalizerState, sink: EntrySink, ctx: LineContext, reason: unknown): void {
  const text = typeof reason === 'string' ? reason : reason === undefined ? '' : JSON.stringify(reason);
  addError(state, sink, ctx, 'turn_aborted', text ? `Turn aborted: ${text}` : 'Turn aborted.');
  // Without an open turn (a release without task events, or the turn already closed) it is counted alone.
  if (state.turn) closeTurn(state, sink, 'aborted', ctx.ts);
  else if (!state.inherited.active) state.meta.aborted_turns++;
}

/** End of a transcript: a turn still open is reported as it stands. */
export function finishTurns(state: NormalizerState, sink: EntrySink): void {
  const turn = state.turn;
  if (turn) closeTurn(state, sink, 'unknown', turn.last_ts);
}
