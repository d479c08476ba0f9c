import { toolOutputHead } from '../normalize/tool-output.js';
import {
  afterMember,
  bytesOf,
  completeEnd,
  hasEscape,
  isName,
  isNull,
  key,
  number,
  objectStart,
  readKey,
  readNumber,
  skipSpace,
  skipValue,
  stringEnd,
  stringText,
} from './json-skim.js';
import {
  type EventPayload,
  isReadEvent,
  isSkippedItem,
  type ResponseItem,
  type TokenUsage,
  type TurnContextPayload,
} from './records.js';

/**
 * Payloads of the common rollout lines read from their bytes in any layout JSON allows (members in any order,
 * blanks between tokens): the second try of fast-records.ts, after the layout Codex writes. Each reader checks
 * what the parser's shape checks (records.ts) check and returns the payload with the fields the normalizer reads
 * when it keeps no entries, or NO to leave the line to `JSON.parse`.
 */

const n = bytesOf;
const TYPE = n('type');

/** How much of a tool output is decoded to read its header (exit code, wall time): a little, then more. */
const OUTPUT_HEADS = [160, 4096];

/** Where the values of a member list start (-1: absent), filled by `readMembers`. */
const slots = new Int32Array(8);
/** The position after the payload object, set by each payload reader from its first `readMembers`. */
let payloadEnd = -1;

/** Where the payload the last reader read ends. */
export function readPayloadEnd(): number {
  return payloadEnd;
}

/**
 * Steps through the object at `p`, noting where the value of each of `names` starts in `slots`; every value is
 * stepped over. Returns the position after the object, or -1 (also when one of `names` comes twice: `JSON.parse`
 * would keep the last).
 */
function readMembers(b: Buffer, p: number, end: number, names: readonly Uint8Array[]): number {
  for (let i = 0; i < names.length; i++) slots[i] = -1;
  p = objectStart(b, p, end);
  if (p < 0) return -1;
  if (b[p] === 0x7d) return p + 1;
  for (;;) {
    const value = readKey(b, p, end);
    if (value < 0) return -1;
    for (let i = 0; i < names.length; i++) {
      if (!isName(b, key.start, key.end, names[i] as Uint8Array)) continue;
      if (slots[i] !== -1) return -1;
      slots[i] = value;
      break;
    }
    p = skipValue(b, value, end);
    if (p < 0) return -1;
    p = afterMember(b, p, end);
    if (p < 0 || b[p - 1] === 0x7d) return p;
  }
}

/** Marks a value as unreadable here. */
export const NO = Symbol('no');
export type Read<T> = T | typeof NO;

/** A string value at `p` (no escapes needed), null, or absent (`at` -1) when `nullable`. */
function optionalString(b: Buffer, at: number, end: number): Read<string | null | undefined> {
  if (at < 0) return undefined;
  if (isNull(b, at)) return null;
  if (b[at] !== 0x22) return NO;
  const close = stringEnd(b, at, end);
  return close < 0 ? NO : stringText(b, at, close);
}

function requiredString(b: Buffer, at: number, end: number): Read<string> {
  const value = optionalString(b, at, end);
  return value === null || value === undefined ? NO : value;
}

function optionalNumber(b: Buffer, at: number, end: number): Read<number | null | undefined> {
  if (at < 0) return undefined;
  if (isNull(b, at)) return null;
  return readNumber(b, at, end) < 0 ? NO : number.value;
}

/** A time as Codex writes `started_at`: an ISO string or epoch seconds. */
function optionalTime(b: Buffer, at: number, end: number): Read<string | number | null | undefined> {
  if (at >= 0 && b[at] !== 0x22 && !isNull(b, at)) return optionalNumber(b, at, end);
  return optionalString(b, at, end);
}

const USAGE = [
  'input_tokens',
  'cached_input_tokens',
  'output_tokens',
  'reasoning_output_tokens',
  'total_tokens',
].map(n);

function readUsage(b: Buffer, at: number, end: number): Read<TokenUsage | null | undefined> {
  if (at < 0) return undefined;
  if (isNull(b, at)) return null;
  if (readMembers(b, at, end, USAGE) < 0) return NO;
  const input = optionalNumber(b, slots[0] as number, end);
  const cached = optionalNumber(b, slots[1] as number, end);
  const output = optionalNumber(b, slots[2] as number, end);
  const reasoning = optionalNumber(b, slots[3] as number, end);
  const total = optionalNumber(b, slots[4] as number, end);
  if (input === NO || cached === NO || output === NO || reasoning === NO || total === NO) return NO;
  return {
    input_tokens: input,
    cached_input_tokens: cached,
    output_tokens: output,
    reasoning_output_tokens: reasoning,
    total_tokens: total,
  };
}

const TOKEN_COUNT = [TYPE, n('info')];
const INFO = [n('total_token_usage'), n('last_token_usage')];

function readTokenCount(b: Buffer, p: number, end: number): Read<EventPayload> {
  payloadEnd = readMembers(b, p, end, TOKEN_COUNT);
  if (payloadEnd < 0) return NO;
  const at = slots[1] as number;
  if (at < 0 || isNull(b, at)) return { type: 'token_count', info: at < 0 ? undefined : null };
  if (readMembers(b, at, end, INFO) < 0) return NO;
  const lastAt = slots[1] as number;
  const total = readUsage(b, slots[0] as number, end);
  if (total === NO) return NO;
  const last = readUsage(b, lastAt, end);
  if (last === NO) return NO;
  return { type: 'token_count', info: { total_token_usage: total, last_token_usage: last } };
}

const TEXT_EVENT = [TYPE, n('text')];

/** `agent_reasoning`: its text is only read for a transcript. */
function readAgentReasoning(b: Buffer, p: number, end: number): Read<EventPayload> {
  payloadEnd = readMembers(b, p, end, TEXT_EVENT);
  if (payloadEnd < 0 || b[slots[1] as number] !== 0x22) return NO;
  return { type: 'agent_reasoning', text: '' };
}

const TASK_STARTED = [TYPE, n('turn_id'), n('started_at')];

function readTaskStarted(b: Buffer, p: number, end: number): Read<EventPayload> {
  payloadEnd = readMembers(b, p, end, TASK_STARTED);
  if (payloadEnd < 0) return NO;
  const startedAt = slots[2] as number;
  const turnId = optionalString(b, slots[1] as number, end);
  const started = optionalTime(b, startedAt, end);
  if (turnId === NO || started === NO) return NO;
  return { type: 'task_started', turn_id: turnId, started_at: started };
}

const TASK_COMPLETE = [
  TYPE,
  n('turn_id'),
  n('last_agent_message'),
  n('duration_ms'),
  n('time_to_first_token_ms'),
  n('started_at'),
  n('completed_at'),
  n('error'),
];

function readTaskComplete(b: Buffer, p: number, end: number): Read<EventPayload> {
  payloadEnd = readMembers(b, p, end, TASK_COMPLETE);
  if (payloadEnd < 0) return NO;
  const at = [...slots] as number[];
  // A failed turn's error is read by the full parser.
  if (at[7] !== -1 && !isNull(b, at[7] as number)) return NO;
  const turnId = optionalString(b, at[1] as number, end);
  const message = optionalString(b, at[2] as number, end);
  const duration = optionalNumber(b, at[3] as number, end);
  const firstToken = optionalNumber(b, at[4] as number, end);
  const started = optionalTime(b, at[5] as number, end);
  const completed = optionalTime(b, at[6] as number, end);
  if ([turnId, message, duration, firstToken, started, completed].includes(NO)) return NO;
  return {
    type: 'task_complete',
    turn_id: turnId as string | null | undefined,
    last_agent_message: message as string | null | undefined,
    duration_ms: duration as number | null | undefined,
    time_to_first_token_ms: firstToken as number | null | undefined,
    started_at: started as string | number | null | undefined,
    completed_at: completed as string | number | null | undefined,
    error: at[7] === -1 ? undefined : null,
  };
}

const TYPE_ONLY = [TYPE];

/** An event of `type` that the parser reads, or passes over (null for the latter). */
export function readEvent(b: Buffer, p: number, end: number, type: string): Read<EventPayload | null> {
  switch (type) {
    case 'token_count':
      return readTokenCount(b, p, end);
    case 'agent_reasoning':
      return readAgentReasoning(b, p, end);
    case 'task_started':
      return readTaskStarted(b, p, end);
    case 'task_complete':
      return readTaskComplete(b, p, end);
    default:
      if (isReadEvent(type)) return NO;
      payloadEnd = readMembers(b, p, end, TYPE_ONLY);
      return payloadEnd < 0 ? NO : null;
  }
}

const PARTS = [TYPE, n('text')];

/** A reasoning item's `summary` or `content`: absent, null, or a list of parts whose type and text are strings. */
function checkParts(b: Buffer, at: number, end: number): boolean {
  if (at < 0 || isNull(b, at)) return true;
  if (b[at] !== 0x5b) return false;
  let p = skipSpace(b, at + 1, end);
  if (b[p] === 0x5d) return true;
  for (;;) {
    p = readMembers(b, p, end, PARTS);
    if (p < 0) return false;
    for (let i = 0; i < 2; i++) {
      const value = slots[i] as number;
      if (value >= 0 && b[value] !== 0x22) return false;
    }
    p = skipSpace(b, p, end);
    if (b[p] === 0x5d) return true;
    if (b[p] !== 0x2c) return false;
    p = skipSpace(b, p + 1, end);
  }
}

const REASONING = [TYPE, n('summary'), n('content')];

function readReasoning(b: Buffer, p: number, end: number): Read<ResponseItem> {
  payloadEnd = readMembers(b, p, end, REASONING);
  if (payloadEnd < 0) return NO;
  const summary = slots[1] as number;
  const content = slots[2] as number;
  if (!checkParts(b, summary, end) || !checkParts(b, content, end)) return NO;
  return { type: 'reasoning', summary: null, content: null };
}

/** Tools whose call is a question to the person: read by the full parser (see readArguments). */
const WAITING_TOOLS = new Set(['request_user_input', 'request_user_input_async', 'request_permissions']);
const PERMISSIONS = Buffer.from('_permissions');
const UNICODE_ESCAPE = Buffer.from('\\u');
const FUNCTION_CALL = [TYPE, n('name'), n('arguments'), n('call_id'), n('namespace')];

/**
 * A function call whose arguments cannot ask for escalated permissions: they hold neither `_permissions` nor a
 * `\u` escape that could spell it. The arguments themselves are left out (only a transcript shows them).
 */
function readFunctionCall(b: Buffer, p: number, end: number): Read<ResponseItem> {
  payloadEnd = readMembers(b, p, end, FUNCTION_CALL);
  if (payloadEnd < 0) return NO;
  const args = slots[2] as number;
  const callId = requiredString(b, slots[3] as number, end);
  const namespace = optionalString(b, slots[4] as number, end);
  const name = requiredString(b, slots[1] as number, end);
  if (name === NO || callId === NO || namespace === NO || WAITING_TOOLS.has(name)) return NO;
  if (b[args] !== 0x22) return NO;
  const close = stringEnd(b, args, end);
  const raw = b.subarray(args, close);
  if (raw.includes(PERMISSIONS) || raw.includes(UNICODE_ESCAPE)) return NO;
  return { type: 'function_call', name, arguments: '', call_id: callId, namespace };
}

const CUSTOM_TOOL_CALL = [TYPE, n('name'), n('input'), n('call_id'), n('status')];

/** A custom tool call (apply_patch): its input is left out (only a transcript shows it). */
function readCustomToolCall(b: Buffer, p: number, end: number): Read<ResponseItem> {
  payloadEnd = readMembers(b, p, end, CUSTOM_TOOL_CALL);
  if (payloadEnd < 0 || slots[2] === -1) return NO;
  const name = requiredString(b, slots[1] as number, end);
  const callId = requiredString(b, slots[3] as number, end);
  const status = optionalString(b, slots[4] as number, end);
  if (name === NO || callId === NO || status === NO) return NO;
  return { type: 'custom_tool_call', name, input: '', call_id: callId, status };
}

const TOOL_OUTPUT = [TYPE, n('call_id'), n('output')];

/** A tool output given as text, with as much of it as its header needs. */
function readToolOutput(
  b: Buffer,
  p: number,
  end: number,
  type: 'function_call_output' | 'custom_tool_call_output',
): Read<ResponseItem> {
  payloadEnd = readMembers(b, p, end, TOOL_OUTPUT);
  if (payloadEnd < 0) return NO;
  const callId = requiredString(b, slots[1] as number, end);
  const open = slots[2] as number;
  if (callId === NO || b[open] !== 0x22) return NO;
  const close = stringEnd(b, open, end);
  const head = outputHead(b, open, close);
  if (head === null) return NO;
  return { type, call_id: callId, output: head };
}

/**
 * The decoded text of the output string at `open`…`close`, or as much of its start as holds its header (see
 * parseToolOutputHead); null when that cannot be told from the first bytes.
 */
export function outputHead(b: Buffer, open: number, close: number): string | null {
  // A string that runs past the bytes kept of its line (`close` -1) is decoded as far as they go.
  const limit = close >= 0 ? close : b.length;
  for (const bytes of OUTPUT_HEADS) {
    const whole = close >= 0 && close - open - 1 <= bytes;
    const end = whole ? close : completeEnd(b, open + 1, Math.min(limit, open + 1 + bytes));
    const text = hasEscape(b, open + 1, end)
      ? (JSON.parse(`${b.toString('utf8', open, end)}"`) as string)
      : b.toString('utf8', open + 1, end);
    // Only the header goes on.
    const head = toolOutputHead(text, whole);
    if (head !== null) return head;
    if (whole || text.startsWith('{') || end >= limit - 6) return null;
  }
  return null;
}

const TURN_CONTEXT_KEYS = [n('model'), n('turn_id'), n('cwd'), n('current_date')];

/** A turn context and the era level it shows (its date: 5, its turn id: 4, else 2). */
export function readTurnContext(b: Buffer, p: number, end: number): Read<[TurnContextPayload, number]> {
  payloadEnd = readMembers(b, p, end, TURN_CONTEXT_KEYS);
  if (payloadEnd < 0) return NO;
  const at = [slots[0], slots[1], slots[2], slots[3]] as number[];
  const model = optionalString(b, at[0] as number, end);
  const turnId = optionalString(b, at[1] as number, end);
  const cwd = optionalString(b, at[2] as number, end);
  if (model === NO || turnId === NO || cwd === NO) return NO;
  return [{ model, turn_id: turnId, cwd }, at[3] !== -1 ? 5 : at[1] !== -1 ? 4 : 2];
}

/** A response item of `type` that the parser reads, or passes over (null for the latter). */
export function readItem(b: Buffer, p: number, end: number, type: string): Read<ResponseItem | null> {
  switch (type) {
    case 'reasoning':
      return readReasoning(b, p, end);
    case 'function_call':
      return readFunctionCall(b, p, end);
    case 'custom_tool_call':
      return readCustomToolCall(b, p, end);
    case 'function_call_output':
    case 'custom_tool_call_output':
      return readToolOutput(b, p, end, type);
    default:
      if (!isSkippedItem(type)) return NO;
      payloadEnd = readMembers(b, p, end, TYPE_ONLY);
      return payloadEnd < 0 ? NO : null;
  }
}
