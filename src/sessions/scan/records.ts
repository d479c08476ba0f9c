import {
  array,
  boolean,
  describeProblem,
  type Infer,
  literal,
  looseObject,
  nullish,
  number,
  optional,
  type Shape,
  string,
  union,
  unknown,
} from './shapes.js';

/**
 * One rollout line (or era A item) → one canonical record. This is the trust boundary: every
 * payload we read is checked against a shape here; every era's line shape ends up as the same records.
 */

const optionalText = nullish(string);

const gitShape = nullish(
  looseObject({ commit_hash: optionalText, branch: optionalText, repository_url: optionalText }),
);

const sessionMetaShape = looseObject({
  id: string,
  timestamp: optionalText,
  cwd: optionalText,
  originator: optionalText,
  cli_version: optionalText,
  instructions: optional(unknown),
  base_instructions: optional(unknown),
  source: optional(unknown),
  model_provider: optionalText,
  forked_from_id: optionalText,
  /** Subagent rollouts: `thread_source: "subagent"` (0.169) and, in some releases, the parent at the top. */
  thread_source: optional(unknown),
  parent_thread_id: optional(unknown),
  agent_nickname: optional(unknown),
  agent_role: optional(unknown),
  git: gitShape,
});
export type SessionMetaPayload = Infer<typeof sessionMetaShape>;

const contentPart = looseObject({
  type: optional(string),
  text: optional(string),
  image_url: optional(unknown),
});
const content = nullish(union(array(contentPart), string));

const itemShapes = {
  message: looseObject({ type: literal('message'), role: string, content, id: optionalText }),
  reasoning: looseObject({
    type: literal('reasoning'),
    summary: nullish(array(contentPart)),
    content: nullish(array(contentPart)),
  }),
  function_call: looseObject({
    type: literal('function_call'),
    name: string,
    arguments: unknown,
    call_id: string,
    namespace: optionalText,
  }),
  function_call_output: looseObject({
    type: literal('function_call_output'),
    call_id: string,
    output: unknown,
  }),
  custom_tool_call: looseObject({
    type: literal('custom_tool_call'),
    name: string,
    input: unknown,
    call_id: string,
    status: optionalText,
  }),
  custom_tool_call_output: looseObject({
    type: literal('custom_tool_call_output'),
    call_id: string,
    output: unknown,
  }),
  local_shell_call: looseObject({
    type: literal('local_shell_call'),
    call_id: optionalText,
    id: optionalText,
    status: optionalText,
    action: nullish(looseObject({ command: optional(array(string)) })),
  }),
  web_search_call: looseObject({
    type: literal('web_search_call'),
    id: optionalText,
    status: optionalText,
    action: nullish(looseObject({ query: optionalText })),
  }),
};
type ItemOf<K extends keyof typeof itemShapes> = Infer<(typeof itemShapes)[K]>;
export type ResponseItem = { [K in keyof typeof itemShapes]: ItemOf<K> }[keyof typeof itemShapes];

const usageShape = looseObject({
  input_tokens: nullish(number),
  cached_input_tokens: nullish(number),
  output_tokens: nullish(number),
  reasoning_output_tokens: nullish(number),
  total_tokens: nullish(number),
});
export type TokenUsage = Infer<typeof usageShape>;

const timeValue = nullish(union(string, number));
const eventShapes = {
  user_message: looseObject({
    type: literal('user_message'),
    message: string,
    images: nullish(array(unknown)),
    /** 0.3x–0.4x: `plain`, or what kind of context Codex sent as a user message. */
    kind: optional(unknown),
  }),
  agent_message: looseObject({ type: literal('agent_message'), message: string }),
  agent_reasoning: looseObject({ type: literal('agent_reasoning'), text: string }),
  token_count: looseObject({
    type: literal('token_count'),
    info: nullish(
      looseObject({ total_token_usage: nullish(usageShape), last_token_usage: nullish(usageShape) }),
    ),
  }),
  task_started: looseObject({
    type: literal('task_started'),
    turn_id: optionalText,
    started_at: timeValue,
  }),
  task_complete: looseObject({
    type: literal('task_complete'),
    turn_id: optionalText,
    last_agent_message: optionalText,
    duration_ms: nullish(number),
    time_to_first_token_ms: nullish(number),
    started_at: timeValue,
    completed_at: timeValue,
    error: nullish(looseObject({ message: optionalText })),
  }),
  turn_aborted: looseObject({
    type: literal('turn_aborted'),
    reason: unknown,
    turn_id: optionalText,
  }),
  error: looseObject({ type: literal('error'), message: optionalText }),
  stream_error: looseObject({ type: literal('stream_error'), message: optionalText }),
  context_compacted: looseObject({ type: literal('context_compacted') }),
  item_completed: looseObject({
    type: literal('item_completed'),
    turn_id: optionalText,
    item: looseObject({
      type: string,
      content: nullish(array(contentPart)),
      summary_text: nullish(array(string)),
    }),
  }),
  thread_settings_applied: looseObject({
    type: literal('thread_settings_applied'),
    thread_settings: nullish(looseObject({ model: optionalText, model_provider_id: optionalText })),
  }),
  patch_apply_end: looseObject({
    type: literal('patch_apply_end'),
    call_id: optionalText,
    success: nullish(boolean),
  }),
};
export type EventOf<K extends keyof typeof eventShapes> = Infer<(typeof eventShapes)[K]>;
export type EventPayload = { [K in keyof typeof eventShapes]: EventOf<K> }[keyof typeof eventShapes];

const turnContextShape = looseObject({ model: optionalText, turn_id: optionalText, cwd: optionalText });
export type TurnContextPayload = Infer<typeof turnContextShape>;

const compactedShape = looseObject({ message: optionalText });
type CompactedPayload = Infer<typeof compactedShape>;

/** Envelope types that carry nothing a transcript shows. */
const SKIPPED_TYPES = new Set([
  'world_state',
  'token_usage_record',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
]);
const SKIPPED_ITEMS = new Set(['ghost_snapshot', 'other', 'tool_search_call', 'tool_search_output']);

/** Item types passed over as carrying nothing a transcript shows. */
export function isSkippedItem(type: string): boolean {
  return SKIPPED_ITEMS.has(type);
}

/** Event types the parser reads (every other event is passed over). */
export function isReadEvent(type: string): boolean {
  return Object.hasOwn(eventShapes, type);
}
const COMPACTION_ITEMS = new Set(['compaction', 'compaction_summary']);

export type RolloutRecord =
  | { kind: 'meta'; ts: string | null; meta: SessionMetaPayload; legacy: boolean }
  | { kind: 'item'; ts: string | null; item: ResponseItem }
  | { kind: 'event'; ts: string | null; event: EventPayload }
  | { kind: 'turn_context'; ts: string | null; context: TurnContextPayload }
  | { kind: 'compacted'; ts: string | null; message: string | null }
  | { kind: 'state'; ts: string | null }
  | { kind: 'skip'; ts: string | null; name: string }
  | { kind: 'unknown'; ts: string | null; name: string; reason: string };

/** Era features a line shows; the session's era is the newest feature seen. */
export interface EraHints {
  envelope?: boolean;
  legacyMeta?: boolean;
  stateLines?: boolean;
  git?: boolean;
  reasoningItem?: boolean;
  /** C1..C6 level seen on this line. */
  level?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownRecord(ts: string | null, name: string, reason: string): RolloutRecord {
  return { kind: 'unknown', ts, name, reason };
}

/** The shape named `type`: a name every object inherits (`constructor`, `__proto__`…) names none. */
function shapeOf(shapes: Record<string, Shape<unknown>>, type: string): Shape<unknown> | undefined {
  return Object.hasOwn(shapes, type) ? shapes[type] : undefined;
}

export function classifyItem(payload: unknown, ts: string | null, hints: EraHints): RolloutRecord {
  if (!isObject(payload) || typeof payload.type !== 'string')
    return unknownRecord(ts, 'item', 'no item type');
  const type = payload.type;
  if (SKIPPED_ITEMS.has(type)) return { kind: 'skip', ts, name: type };
  // A remote compaction marker: its content is encrypted, only the fact is shown.
  if (COMPACTION_ITEMS.has(type)) return { kind: 'compacted', ts, message: null };
  const shape = shapeOf(itemShapes, type);
  if (!shape) return unknownRecord(ts, type, 'unknown item type');
  const problem = shape.problem(payload);
  if (problem) return unknownRecord(ts, type, describeProblem(problem));
  if (type === 'reasoning') hints.reasoningItem = true;
  return { kind: 'item', ts, item: payload as ResponseItem };
}

const EVENT_LEVELS: Record<string, number> = { task_started: 4, task_complete: 4, patch_apply_end: 5 };

/** The era level an event of this (read) type shows. */
export function eventLevel(type: string): number {
  return Object.hasOwn(EVENT_LEVELS, type) ? (EVENT_LEVELS[type] as number) : 1;
}

function classifyEvent(payload: unknown, ts: string | null, hints: EraHints): RolloutRecord {
  if (!isObject(payload) || typeof payload.type !== 'string')
    return unknownRecord(ts, 'event_msg', 'no event type');
  const type = payload.type;
  const shape = shapeOf(eventShapes, type);
  // Many event types (exec deltas, plan updates, MCP begin/end…) add nothing the transcript lacks.
  if (!shape) return { kind: 'skip', ts, name: `event_msg:${type}` };
  const problem = shape.problem(payload);
  if (problem) return unknownRecord(ts, `event_msg:${type}`, describeProblem(problem));
  hints.level = Math.max(hints.level ?? 1, eventLevel(type));
  return { kind: 'event', ts, event: payload as EventPayload };
}

function classifyMeta(payload: unknown, ts: string | null, legacy: boolean, hints: EraHints): RolloutRecord {
  const problem = sessionMetaShape.problem(payload);
  if (problem) return unknownRecord(ts, 'session_meta', describeProblem(problem));
  const meta = payload as SessionMetaPayload;
  if (meta.git) hints.git = true;
  if (!legacy) {
    let level = 1;
    if (meta.source !== undefined || meta.model_provider !== undefined) level = 3;
    if (meta.base_instructions !== undefined) level = 4;
    hints.level = Math.max(hints.level ?? 1, level);
  }
  return { kind: 'meta', ts, meta, legacy };
}

function classifyEnvelope(value: Record<string, unknown>, hints: EraHints): RolloutRecord {
  const ts = typeof value.timestamp === 'string' ? value.timestamp : null;
  const type = value.type as string;
  const payload = value.payload;
  hints.envelope = true;
  if (typeof value.ordinal === 'number') hints.level = 6;
  switch (type) {
    case 'session_meta':
      return classifyMeta(payload, ts, false, hints);
    case 'response_item':
      return classifyItem(payload, ts, hints);
    case 'event_msg':
      return classifyEvent(payload, ts, hints);
    case 'turn_context': {
      const problem = turnContextShape.problem(payload);
      if (problem) return unknownRecord(ts, type, describeProblem(problem));
      const level =
        isObject(payload) && 'current_date' in payload
          ? 5
          : isObject(payload) && 'turn_id' in payload
            ? 4
            : 2;
      hints.level = Math.max(hints.level ?? 1, level);
      return { kind: 'turn_context', ts, context: payload as TurnContextPayload };
    }
    case 'compacted': {
      const message = compactedShape.problem(payload) ? null : (payload as CompactedPayload).message;
      return { kind: 'compacted', ts, message: message ?? null };
    }
    default:
      if (SKIPPED_TYPES.has(type)) return { kind: 'skip', ts, name: type };
      return unknownRecord(ts, type, 'unknown line type');
  }
}

/**
 * Classifies one decoded JSON value. `first` is true for the first value of the file, where the
 * legacy `{id,timestamp}` meta line of eras B* lives.
 */
export function classifyValue(value: unknown, first: boolean, hints: EraHints): RolloutRecord {
  if (!isObject(value)) return unknownRecord(null, 'value', 'not a JSON object');
  if (typeof value.type === 'string' && 'payload' in value) return classifyEnvelope(value, hints);
  if (typeof value.record_type === 'string') {
    hints.stateLines = true;
    return { kind: 'state', ts: null };
  }
  if (typeof value.type !== 'string' && typeof value.id === 'string' && 'timestamp' in value) {
    const ts = typeof value.timestamp === 'string' ? value.timestamp : null;
    if (first) hints.legacyMeta = true;
    return classifyMeta(value, ts, true, hints);
  }
  if (typeof value.type === 'string') return classifyItem(value, null, hints);
  return unknownRecord(null, 'value', 'neither an envelope, a meta line nor a response item');
}

/** The era label of a session from the hints gathered over its lines. */
export function describeEra(hints: EraHints, json: boolean): string {
  if (json) return 'A';
  if (hints.envelope) return `C${hints.level ?? 1}`;
  if (hints.git || hints.reasoningItem) return hints.stateLines || hints.git ? 'B2' : 'B0';
  if (hints.stateLines) return 'B1';
  return 'B0';
}
