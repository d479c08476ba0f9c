import { NO, outputHead, type Read } from './fast-payloads.js';
import { bytesOf, expect, hasEscape, isNull, restOfObject, skipSpace, stringEnd } from './json-skim.js';
import type { EventPayload, ResponseItem, TokenUsage } from './records.js';

/**
 * Payloads of the most common lines read in the layout Codex writes them: members in its order, no blanks. Each
 * reader starts just after the payload's `"type":"…"` and compares the bytes it expects in one pass, reading
 * numbers as it goes; members after the ones it reads are stepped over (and must not repeat them). `end` (a
 * payload position) is where the payload's `}` was found. Any other layout: NO, and fast-payloads.ts tries.
 */

const n = bytesOf;
const TYPE = n('type');

/** Where the payload a template read ends. */
export const templateEnd = { at: -1 };

/** A plain JSON integer at `p` (digits, no sign, fraction or exponent, under 2^53): `integer.value`. */
const integer = { value: 0 };
function readInteger(b: Buffer, p: number, end: number): number {
  if (p < 0) return -1;
  let value = 0;
  const from = p;
  while (p < end && p - from < 15) {
    const c = b[p] as number;
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
    p++;
  }
  // No leading zero, no more digits (a longer one may not be exact), no fraction or exponent.
  const c = b[p];
  if (p === from || (b[from] === 0x30 && p - from > 1) || (c !== 0x2c && c !== 0x7d)) return -1;
  integer.value = value;
  return p;
}

/** Position of the closing quote of the string at `p`, or -1. */
function stringAt(b: Buffer, p: number, end: number): number {
  return p >= 0 && b[p] === 0x22 ? stringEnd(b, p, end) : -1;
}

const INPUT = n('{"input_tokens":');
const CACHED = n(',"cached_input_tokens":');
const OUTPUT = n(',"output_tokens":');
const REASONING = n(',"reasoning_output_tokens":');
const TOTAL = n(',"total_tokens":');

/** `{"input_tokens":N,"cached_input_tokens":N,"output_tokens":N,"reasoning_output_tokens":N,"total_tokens":N}` */
function readUsage(b: Buffer, p: number, end: number, into: TokenUsage): number {
  p = readInteger(b, expect(b, p, end, INPUT), end);
  into.input_tokens = integer.value;
  p = readInteger(b, expect(b, p, end, CACHED), end);
  into.cached_input_tokens = integer.value;
  p = readInteger(b, expect(b, p, end, OUTPUT), end);
  into.output_tokens = integer.value;
  p = readInteger(b, expect(b, p, end, REASONING), end);
  into.reasoning_output_tokens = integer.value;
  p = readInteger(b, expect(b, p, end, TOTAL), end);
  into.total_tokens = integer.value;
  return p >= 0 && b[p] === 0x7d ? p + 1 : -1;
}

const INFO = n(',"info":');
const TOTAL_USAGE = n('{"total_token_usage":');
const LAST_USAGE = n(',"last_token_usage":');
const INFO_NAMES = [n('total_token_usage'), n('last_token_usage')];
const TOKEN_COUNT_NAMES = [TYPE, n('info')];

function usage(): TokenUsage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
    total_tokens: 0,
  };
}

/** `,"info":{"total_token_usage":{…},"last_token_usage":{…}|null,…},…}` or `,"info":null,…}` */
export function readTokenCount(b: Buffer, p: number, end: number): Read<EventPayload> {
  p = expect(b, p, end, INFO);
  if (p < 0) return NO;
  let info: { total_token_usage: TokenUsage; last_token_usage: TokenUsage | null } | null = null;
  if (isNull(b, p)) p += 4;
  else {
    const total = usage();
    p = readUsage(b, expect(b, p, end, TOTAL_USAGE), end, total);
    p = expect(b, p, end, LAST_USAGE);
    if (p < 0) return NO;
    let last: TokenUsage | null = null;
    if (isNull(b, p)) p += 4;
    else {
      last = usage();
      p = readUsage(b, p, end, last);
    }
    p = restOfObject(b, p, end, INFO_NAMES);
    info = { total_token_usage: total, last_token_usage: last };
  }
  templateEnd.at = p < 0 ? -1 : restOfObject(b, p, end, TOKEN_COUNT_NAMES);
  return templateEnd.at < 0 ? NO : { type: 'token_count', info };
}

const TEXT = n(',"text":');
const AGENT_REASONING_NAMES = [TYPE, n('text')];

/** `,"text":"…",…}`: the text is only read for a transcript. */
export function readAgentReasoning(b: Buffer, p: number, end: number): Read<EventPayload> {
  p = stringAt(b, expect(b, p, end, TEXT), end);
  templateEnd.at = p < 0 ? -1 : restOfObject(b, p + 1, end, AGENT_REASONING_NAMES);
  return templateEnd.at < 0 ? NO : { type: 'agent_reasoning', text: '' };
}

const SUMMARY = n(',"summary":[');
const SUMMARY_PART = n('{"type":"summary_text","text":');
const CONTENT_NULL = n(',"content":null');
const REASONING_NAMES = [TYPE, n('summary'), n('content')];

/** `,"summary":[{"type":"summary_text","text":"…"},…],"content":null,…}`: text only read for a transcript. */
export function readReasoning(b: Buffer, p: number, end: number): Read<ResponseItem> {
  p = expect(b, p, end, SUMMARY);
  if (p < 0) return NO;
  if (b[p] === 0x5d) p++;
  else {
    for (;;) {
      p = stringAt(b, expect(b, p, end, SUMMARY_PART), end);
      if (p < 0 || b[p + 1] !== 0x7d) return NO;
      p += 2;
      if (b[p] === 0x5d) break;
      if (b[p] !== 0x2c) return NO;
      p++;
    }
    p++;
  }
  p = expect(b, p, end, CONTENT_NULL);
  templateEnd.at = p < 0 ? -1 : restOfObject(b, p, end, REASONING_NAMES);
  return templateEnd.at < 0 ? NO : { type: 'reasoning', summary: null, content: null };
}

const NAME = n(',"name":');
const ARGUMENTS = n(',"arguments":');
const CALL_ID = n(',"call_id":');
const FUNCTION_CALL_NAMES = [TYPE, n('name'), n('arguments'), n('call_id'), n('namespace')];
/** Names of tools whose call is a question to the person, and their first bytes: read by the full parser. */
const WAITING = n('request_');
const PERMISSIONS = n('permissions');

/**
 * Where the arguments string opened at `p` closes, or -1 also when they could ask for escalated permissions:
 * they hold `_permissions` (`sandbox_permissions`, `with_escalated_permissions`) or a `\u` escape that could
 * spell it. One pass over the bytes.
 */
function plainArgumentsEnd(b: Buffer, p: number, end: number): number {
  for (let q = p + 1; q < end; q++) {
    const c = b[q];
    if (c === 0x22) return q;
    if (c === 0x5c) {
      if (b[q + 1] === 0x75) return -1;
      q++;
    } else if (c === 0x5f && expect(b, q + 1, end, PERMISSIONS) >= 0) return -1;
  }
  return -1;
}

/**
 * `,"name":"…","arguments":"…","call_id":"…",…}` of a call that cannot have waited for the person: not one of the
 * `request_…` tools, arguments without `_permissions` or a `\u` escape.
 */
export function readFunctionCall(b: Buffer, p: number, end: number): Read<ResponseItem> {
  const name = expect(b, p, end, NAME);
  p = stringAt(b, name, end);
  if (p < 0 || expect(b, name + 1, p, WAITING) >= 0 || hasEscape(b, name + 1, p)) return NO;
  const args = expect(b, p + 1, end, ARGUMENTS);
  p = args >= 0 && b[args] === 0x22 ? plainArgumentsEnd(b, args, end) : -1;
  if (p < 0) return NO;
  p = stringAt(b, expect(b, p + 1, end, CALL_ID), end);
  templateEnd.at = p < 0 ? -1 : restOfObject(b, p + 1, end, FUNCTION_CALL_NAMES);
  return templateEnd.at < 0
    ? NO
    : { type: 'function_call', name: '', arguments: '', call_id: '', namespace: null };
}

const STATUS = n(',"status":');
const CALL_ID_FIRST = n(',"call_id":');
const INPUT_MEMBER = n(',"input":');
const CUSTOM_TOOL_CALL_NAMES = [TYPE, n('status'), n('call_id'), n('name'), n('input')];

/** `,"status":"…","call_id":"…","name":"…","input":"…",…}`: the input is only read for a transcript. */
export function readCustomToolCall(b: Buffer, p: number, end: number): Read<ResponseItem> {
  p = stringAt(b, expect(b, p, end, STATUS), end);
  if (p < 0) return NO;
  p = stringAt(b, expect(b, p + 1, end, CALL_ID_FIRST), end);
  if (p < 0) return NO;
  p = stringAt(b, expect(b, p + 1, end, NAME), end);
  if (p < 0) return NO;
  p = stringAt(b, expect(b, p + 1, end, INPUT_MEMBER), end);
  templateEnd.at = p < 0 ? -1 : restOfObject(b, p + 1, end, CUSTOM_TOOL_CALL_NAMES);
  return templateEnd.at < 0
    ? NO
    : { type: 'custom_tool_call', name: '', input: '', call_id: '', status: null };
}

const OUTPUT_MEMBER = n(',"output":');
const TOOL_OUTPUT_NAMES = [TYPE, n('call_id'), n('output')];

/** `,"call_id":"…","output":"…",…}`, with as much of the output as its header needs. */
export function readToolOutput(
  b: Buffer,
  p: number,
  end: number,
  type: 'function_call_output' | 'custom_tool_call_output',
): Read<ResponseItem> {
  p = stringAt(b, expect(b, p, end, CALL_ID), end);
  if (p < 0) return NO;
  const open = expect(b, p + 1, end, OUTPUT_MEMBER);
  const close = stringAt(b, open, end);
  if (close < 0) return NO;
  templateEnd.at = restOfObject(b, close + 1, end, TOOL_OUTPUT_NAMES);
  if (templateEnd.at < 0) return NO;
  const head = outputHead(b, open, close);
  return head === null ? NO : { type, call_id: '', output: head };
}

/**
 * A tool output line kept as its first and last bytes (see line-reader.ts): `,"call_id":"…","output":"` in `head`,
 * the output running past it, and its end in `tail`, where the line's tolerant reading (partial-json.ts) finds it
 * too: at the tail's first quote that no backslash in the tail escapes. Then the rest of the payload and the
 * envelope's end.
 */
export function readCutToolOutput(
  head: Buffer,
  p: number,
  tail: Buffer,
  tailStart: number,
  type: 'function_call_output' | 'custom_tool_call_output',
): Read<ResponseItem> {
  p = stringAt(head, expect(head, p, head.length, CALL_ID), head.length);
  if (p < 0) return NO;
  const open = expect(head, p + 1, head.length, OUTPUT_MEMBER);
  if (open < 0 || head[open] !== 0x22 || stringEnd(head, open, head.length) >= 0) return NO;
  let close = tail.indexOf(0x22, tailStart);
  for (; close >= 0; close = tail.indexOf(0x22, close + 1)) {
    let s = close - 1;
    while (s >= tailStart && tail[s] === 0x5c) s--;
    if ((close - 1 - s) % 2 === 0) break;
  }
  if (close < 0) return NO;
  const end = restOfObject(tail, close + 1, tail.length, TOOL_OUTPUT_NAMES);
  if (end < 0 || skipSpace(tail, end, tail.length) !== tail.length - 1 || tail[tail.length - 1] !== 0x7d)
    return NO;
  const text = outputHead(head, open, -1);
  return text === null ? NO : { type, call_id: '', output: text };
}
