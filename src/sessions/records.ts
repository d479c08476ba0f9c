import { z } from 'zod';

/**
 * One rollout line (or era A item) → one canonical record. This is the trust boundary: every
 * payload we read is checked by a schema here; every era's line shape ends up as the same records.
 */

const text = z.string();
const optionalText = z.string().nullish();

const gitSchema = z
  .looseObject({ commit_hash: optionalText, branch: optionalText, repository_url: optionalText })
  .nullish();

const sessionMetaSchema = z.looseObject({
  id: z.string(),
  timestamp: optionalText,
  cwd: optionalText,
  originator: optionalText,
  cli_version: optionalText,
  instructions: z.unknown().optional(),
  base_instructions: z.unknown().optional(),
  source: z.unknown().optional(),
  model_provider: optionalText,
  forked_from_id: optionalText,
  git: gitSchema,
});
export type SessionMetaPayload = z.infer<typeof sessionMetaSchema>;

const contentPart = z.looseObject({
  type: z.string().optional(),
  text: z.string().optional(),
  image_url: z.unknown().optional(),
});
const content = z.union([z.array(contentPart), z.string()]).nullish();

const itemSchemas = {
  message: z.looseObject({ type: z.literal('message'), role: text, content, id: optionalText }),
  reasoning: z.looseObject({
    type: z.literal('reasoning'),
    summary: z.array(contentPart).nullish(),
    content: z.array(contentPart).nullish(),
  }),
  function_call: z.looseObject({
    type: z.literal('function_call'),
    name: text,
    arguments: z.unknown(),
    call_id: text,
    namespace: optionalText,
  }),
  function_call_output: z.looseObject({
    type: z.literal('function_call_output'),
    call_id: text,
    output: z.unknown(),
  }),
  custom_tool_call: z.looseObject({
    type: z.literal('custom_tool_call'),
    name: text,
    input: z.unknown(),
    call_id: text,
    status: optionalText,
  }),
  custom_tool_call_output: z.looseObject({
    type: z.literal('custom_tool_call_output'),
    call_id: text,
    output: z.unknown(),
  }),
  local_shell_call: z.looseObject({
    type: z.literal('local_shell_call'),
    call_id: optionalText,
    id: optionalText,
    status: optionalText,
    action: z.looseObject({ command: z.array(z.string()).optional() }).nullish(),
  }),
  web_search_call: z.looseObject({
    type: z.literal('web_search_call'),
    id: optionalText,
    status: optionalText,
    action: z.looseObject({ query: optionalText }).nullish(),
  }),
};
type ItemOf<K extends keyof typeof itemSchemas> = z.infer<(typeof itemSchemas)[K]>;
export type ResponseItem = { [K in keyof typeof itemSchemas]: ItemOf<K> }[keyof typeof itemSchemas];

const usageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  cached_input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  reasoning_output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});
export type TokenUsage = z.infer<typeof usageSchema>;

const timeValue = z.union([z.string(), z.number()]).nullish();
const eventSchemas = {
  user_message: z.looseObject({
    type: z.literal('user_message'),
    message: text,
    images: z.array(z.unknown()).nullish(),
  }),
  agent_message: z.looseObject({ type: z.literal('agent_message'), message: text }),
  agent_reasoning: z.looseObject({ type: z.literal('agent_reasoning'), text }),
  token_count: z.looseObject({
    type: z.literal('token_count'),
    info: z
      .looseObject({ total_token_usage: usageSchema.nullish(), last_token_usage: usageSchema.nullish() })
      .nullish(),
  }),
  task_started: z.looseObject({
    type: z.literal('task_started'),
    turn_id: optionalText,
    started_at: timeValue,
  }),
  task_complete: z.looseObject({
    type: z.literal('task_complete'),
    turn_id: optionalText,
    last_agent_message: optionalText,
    duration_ms: z.number().nullish(),
    time_to_first_token_ms: z.number().nullish(),
    started_at: timeValue,
    completed_at: timeValue,
    error: z.looseObject({ message: optionalText }).nullish(),
  }),
  turn_aborted: z.looseObject({
    type: z.literal('turn_aborted'),
    reason: z.unknown(),
    turn_id: optionalText,
  }),
  error: z.looseObject({ type: z.literal('error'), message: optionalText }),
  stream_error: z.looseObject({ type: z.literal('stream_error'), message: optionalText }),
  context_compacted: z.looseObject({ type: z.literal('context_compacted') }),
  item_completed: z.looseObject({
    type: z.literal('item_completed'),
    turn_id: optionalText,
    item: z.looseObject({
      type: text,
      content: z.array(contentPart).nullish(),
      summary_text: z.array(z.string()).nullish(),
    }),
  }),
  thread_settings_applied: z.looseObject({
    type: z.literal('thread_settings_applied'),
    thread_settings: z.looseObject({ model: optionalText, model_provider_id: optionalText }).nullish(),
  }),
  patch_apply_end: z.looseObject({
    type: z.literal('patch_apply_end'),
    call_id: optionalText,
    success: z.boolean().nullish(),
  }),
};
export type EventOf<K extends keyof typeof eventSchemas> = z.infer<(typeof eventSchemas)[K]>;
export type EventPayload = { [K in keyof typeof eventSchemas]: EventOf<K> }[keyof typeof eventSchemas];

const turnContextSchema = z.looseObject({ model: optionalText, turn_id: optionalText, cwd: optionalText });
type TurnContextPayload = z.infer<typeof turnContextSchema>;

const compactedSchema = z.looseObject({ message: optionalText });

/** Envelope types that carry nothing a transcript shows. */
const SKIPPED_TYPES = new Set([
  'world_state',
  'token_usage_record',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
]);
const SKIPPED_ITEMS = new Set(['ghost_snapshot', 'other', 'tool_search_call', 'tool_search_output']);
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

function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'does not match';
}

/** Missing or null: what the schemas accept for an optional field. */
const isAbsent = (value: unknown): boolean => value === undefined || value === null;
const isText = (value: unknown): boolean => typeof value === 'string';
const isOptionalText = (value: unknown): boolean => isAbsent(value) || typeof value === 'string';
const isContentParts = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.every(
    (part) =>
      isObject(part) &&
      (part.type === undefined || typeof part.type === 'string') &&
      (part.text === undefined || typeof part.text === 'string'),
  );
const isOptionalParts = (value: unknown): boolean => isAbsent(value) || isContentParts(value);
const isOptionalNumber = (value: unknown): boolean => isAbsent(value) || typeof value === 'number';
const isTime = (value: unknown): boolean =>
  isAbsent(value) || typeof value === 'string' || typeof value === 'number';
const isUsage = (value: unknown): boolean =>
  isAbsent(value) ||
  (isObject(value) &&
    ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens'].every(
      (key) => isOptionalNumber(value[key]),
    ));

/**
 * Cheap structural checks for the most frequent payloads: true only when the schema would accept the payload
 * as it is, so a passing payload is used without a copy; anything else goes through the schema (which words
 * the problem when there is one).
 */
const FAST_CHECKS = new Map<string, (payload: Record<string, unknown>) => boolean>(
  Object.entries({
    message: (p) =>
      isText(p.role) &&
      isOptionalText(p.id) &&
      (isAbsent(p.content) || isText(p.content) || isContentParts(p.content)),
    // The schemas require `arguments` and `output` to be present, whatever their value.
    function_call: (p) =>
      isText(p.name) && isText(p.call_id) && isOptionalText(p.namespace) && p.arguments !== undefined,
    function_call_output: (p) => isText(p.call_id) && p.output !== undefined,
    custom_tool_call_output: (p) => isText(p.call_id) && p.output !== undefined,
    user_message: (p) => isText(p.message) && (isAbsent(p.images) || Array.isArray(p.images)),
    agent_message: (p) => isText(p.message),
    agent_reasoning: (p) => isText(p.text),
    reasoning: (p) => isOptionalParts(p.summary) && isOptionalParts(p.content),
    task_started: (p) => isOptionalText(p.turn_id) && isTime(p.started_at),
    item_completed: (p) =>
      isOptionalText(p.turn_id) &&
      isObject(p.item) &&
      isText(p.item.type) &&
      isOptionalParts(p.item.content) &&
      (isAbsent(p.item.summary_text) ||
        (Array.isArray(p.item.summary_text) && p.item.summary_text.every(isText))),
    token_count: (p) =>
      isAbsent(p.info) ||
      (isObject(p.info) && isUsage(p.info.total_token_usage) && isUsage(p.info.last_token_usage)),
    task_complete: (p) =>
      isOptionalText(p.turn_id) &&
      isOptionalText(p.last_agent_message) &&
      isOptionalNumber(p.duration_ms) &&
      isOptionalNumber(p.time_to_first_token_ms) &&
      isTime(p.started_at) &&
      isTime(p.completed_at) &&
      (isAbsent(p.error) || (isObject(p.error) && isOptionalText(p.error.message))),
    thread_settings_applied: (p) =>
      isAbsent(p.thread_settings) ||
      (isObject(p.thread_settings) &&
        isOptionalText(p.thread_settings.model) &&
        isOptionalText(p.thread_settings.model_provider_id)),
    patch_apply_end: (p) =>
      isOptionalText(p.call_id) && (isAbsent(p.success) || typeof p.success === 'boolean'),
    session_meta: (p) =>
      isText(p.id) &&
      ['timestamp', 'cwd', 'originator', 'cli_version', 'model_provider', 'forked_from_id'].every((key) =>
        isOptionalText(p[key]),
      ) &&
      (isAbsent(p.git) ||
        (isObject(p.git) &&
          isOptionalText(p.git.commit_hash) &&
          isOptionalText(p.git.branch) &&
          isOptionalText(p.git.repository_url))),
    turn_context: (p) => isOptionalText(p.model) && isOptionalText(p.turn_id) && isOptionalText(p.cwd),
  }),
);

function checkPayload<T>(schema: z.ZodType<T>, type: string, payload: unknown): z.ZodSafeParseResult<T> {
  if (isObject(payload) && FAST_CHECKS.get(type)?.(payload)) return { success: true, data: payload as T };
  return schema.safeParse(payload);
}

export function classifyItem(payload: unknown, ts: string | null, hints: EraHints): RolloutRecord {
  if (!isObject(payload) || typeof payload.type !== 'string')
    return unknownRecord(ts, 'item', 'no item type');
  const type = payload.type;
  if (SKIPPED_ITEMS.has(type)) return { kind: 'skip', ts, name: type };
  // A remote compaction marker: its content is encrypted, only the fact is shown.
  if (COMPACTION_ITEMS.has(type)) return { kind: 'compacted', ts, message: null };
  const schema = itemSchemas[type as keyof typeof itemSchemas];
  if (!schema) return unknownRecord(ts, type, 'unknown item type');
  const parsed = checkPayload<unknown>(schema, type, payload);
  if (!parsed.success) return unknownRecord(ts, type, describeIssues(parsed.error));
  if (type === 'reasoning') hints.reasoningItem = true;
  return { kind: 'item', ts, item: parsed.data as ResponseItem };
}

const EVENT_LEVELS: Record<string, number> = { task_started: 4, task_complete: 4, patch_apply_end: 5 };

function classifyEvent(payload: unknown, ts: string | null, hints: EraHints): RolloutRecord {
  if (!isObject(payload) || typeof payload.type !== 'string')
    return unknownRecord(ts, 'event_msg', 'no event type');
  const type = payload.type;
  const schema = eventSchemas[type as keyof typeof eventSchemas];
  // Many event types (exec deltas, plan updates, MCP begin/end…) add nothing the transcript lacks.
  if (!schema) return { kind: 'skip', ts, name: `event_msg:${type}` };
  const parsed = checkPayload<unknown>(schema, type, payload);
  if (!parsed.success) return unknownRecord(ts, `event_msg:${type}`, describeIssues(parsed.error));
  hints.level = Math.max(hints.level ?? 1, EVENT_LEVELS[type] ?? 1);
  return { kind: 'event', ts, event: parsed.data as EventPayload };
}

function classifyMeta(payload: unknown, ts: string | null, legacy: boolean, hints: EraHints): RolloutRecord {
  const parsed = checkPayload(sessionMetaSchema, 'session_meta', payload);
  if (!parsed.success) return unknownRecord(ts, 'session_meta', describeIssues(parsed.error));
  const meta = parsed.data;
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
      const parsed = checkPayload(turnContextSchema, 'turn_context', payload);
      if (!parsed.success) return unknownRecord(ts, type, describeIssues(parsed.error));
      const level =
        isObject(payload) && 'current_date' in payload
          ? 5
          : isObject(payload) && 'turn_id' in payload
            ? 4
            : 2;
      hints.level = Math.max(hints.level ?? 1, level);
      return { kind: 'turn_context', ts, context: parsed.data };
    }
    case 'compacted': {
      const parsed = compactedSchema.safeParse(payload);
      return { kind: 'compacted', ts, message: parsed.success ? (parsed.data.message ?? null) : null };
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
