import { isUtf8 } from 'node:buffer';
import { utf8Boundary } from '../read/line-reader.js';
import { NO, type Read, readEvent, readItem, readPayloadEnd, readTurnContext } from './fast-payloads.js';
import {
  readAgentReasoning,
  readCustomToolCall,
  readCutToolOutput,
  readFunctionCall,
  readReasoning,
  readTokenCount,
  readToolOutput,
  templateEnd,
} from './fast-templates.js';
import { bytesOf, expect, isName, skipSpace, stringEnd, stringText } from './json-skim.js';
import {
  type EraHints,
  type EventPayload,
  eventLevel,
  type ResponseItem,
  type RolloutRecord,
} from './records.js';

/**
 * The session list's reading of the common rollout lines from their bytes, without `JSON.parse`: token counts,
 * reasoning, tool calls and their outputs, turn contexts and task events, and the events and items the parser
 * passes over. For such a line it builds the record `classifyValue` builds from the parsed line, with every field
 * the normalizer reads when it keeps no entries (`EntrySink.summaryOnly`: reasoning text, tool call arguments and
 * names, and tool outputs past their header are left out), and moves the era hints as `classifyValue` does.
 *
 * Three tries: the layout Codex writes (fast-templates.ts), then any layout JSON allows (fast-payloads.ts), then
 * null: the line is read with `JSON.parse` and `classifyValue`, as is any other line, any line whose bytes are not
 * what the readers expect (escapes in keys or names, values of other types, repeated members, shapes the parser
 * would report, a call that may have waited for the person, an output whose header runs past what is decoded).
 * A line read here is valid JSON in its structure; the contents of strings it steps over are not checked.
 */

const n = bytesOf;
const TIMESTAMP = n('{"timestamp":"');
const ORDINAL = n('"ordinal":');
const TYPE = n('"type":"');
const PAYLOAD = n(',"payload":');
const PAYLOAD_TYPE = n('{"type":"');
/** Envelope types read here, by their index. */
const ENVELOPES = [n('event_msg'), n('response_item'), n('turn_context')];
const EVENT_MSG = 0;
const RESPONSE_ITEM = 1;
const TURN_CONTEXT = 2;

/** Payload types read here, by their index in `PAYLOADS`. */
const PAYLOADS = [
  'token_count',
  'agent_reasoning',
  'task_started',
  'task_complete',
  'reasoning',
  'function_call',
  'custom_tool_call',
  'function_call_output',
  'custom_tool_call_output',
] as const;
const PAYLOAD_BYTES = PAYLOADS.map((type) => n(type));

/** The envelope `{"timestamp":"…",["ordinal":N,]"type":"…","payload":` of a line, as Codex writes it. */
const envelope = { ts: null as string | null, ordinal: false, type: -1, payload: -1 };

function readEnvelope(b: Buffer, start: number, end: number): boolean {
  let p = expect(b, start, end, TIMESTAMP);
  if (p < 0) return false;
  const close = stringEnd(b, p - 1, end);
  if (close < 0 || b[close + 1] !== 0x2c) return false;
  envelope.ts = stringText(b, p - 1, close);
  p = close + 2;
  envelope.ordinal = false;
  const ordinal = expect(b, p, end, ORDINAL);
  if (ordinal >= 0) {
    p = ordinal;
    while (p < end && (b[p] as number) >= 0x30 && (b[p] as number) <= 0x39) p++;
    if (p === ordinal || b[p] !== 0x2c) return false;
    envelope.ordinal = true;
    p++;
  }
  p = expect(b, p, end, TYPE);
  if (p < 0) return false;
  const typeEnd = nameEnd(b, p, end);
  envelope.type = -1;
  for (let i = 0; i < ENVELOPES.length; i++)
    if (isName(b, p, typeEnd, ENVELOPES[i] as Uint8Array)) envelope.type = i;
  envelope.payload = expect(b, typeEnd + 1, end, PAYLOAD);
  return envelope.type >= 0 && envelope.payload >= 0;
}

/** The end of a name (no quote or backslash in it) starting at `p`: its closing quote, or -1. */
function nameEnd(b: Buffer, p: number, end: number): number {
  for (let q = p; q < end && q - p < 64; q++) {
    const c = b[q];
    if (c === 0x22) return q;
    if (c === 0x5c) return -1;
  }
  return -1;
}

/**
 * The record of the line at `start`…`end` of `b` (a whole line, valid UTF-8), with `hints` moved as
 * `classifyValue` moves them; null to read the line with `JSON.parse`.
 */
export function readFastRecord(b: Buffer, start: number, end: number, hints: EraHints): RolloutRecord | null {
  try {
    return readRecord(b, start, end, hints);
  } catch {
    // A string with an escape JSON does not know, say: JSON.parse tells what the line is.
    return null;
  }
}

function readRecord(b: Buffer, start: number, end: number, hints: EraHints): RolloutRecord | null {
  if (b[start] !== 0x7b || b[end - 1] !== 0x7d || !readEnvelope(b, start, end)) return null;
  const { ts, payload } = envelope;
  let record: RolloutRecord;
  let level: number | null = null;
  let payloadEnd: number;
  if (envelope.type === TURN_CONTEXT) {
    const context = readTurnContext(b, payload, end);
    if (context === NO) return null;
    record = { kind: 'turn_context', ts, context: context[0] };
    level = context[1];
    payloadEnd = readPayloadEnd();
  } else {
    const typeStart = expect(b, payload, end, PAYLOAD_TYPE);
    if (typeStart < 0) return null;
    const typeEnd = nameEnd(b, typeStart, end);
    if (typeEnd < 0) return null;
    let kind = -1;
    for (let i = 0; i < PAYLOAD_BYTES.length; i++)
      if (isName(b, typeStart, typeEnd, PAYLOAD_BYTES[i] as Uint8Array)) kind = i;
    const type = kind >= 0 ? (PAYLOADS[kind] as string) : b.toString('latin1', typeStart, typeEnd);
    const event = envelope.type === EVENT_MSG;
    // The layout Codex writes, else any layout.
    templateEnd.at = -1;
    let read: Read<EventPayload | ResponseItem | null> = readTemplate(b, typeEnd + 1, end, kind);
    if (read !== NO) payloadEnd = templateEnd.at;
    else {
      read = event ? readEvent(b, payload, end, type) : readItem(b, payload, end, type);
      if (read === NO) return null;
      payloadEnd = readPayloadEnd();
    }
    if (event) {
      if (read === null) record = { kind: 'skip', ts, name: `event_msg:${type}` };
      else {
        record = { kind: 'event', ts, event: read as EventPayload };
        level = eventLevel(type);
      }
    } else if (read === null) record = { kind: 'skip', ts, name: type };
    else record = { kind: 'item', ts, item: read as ResponseItem };
  }
  // The envelope ends with its payload: anything after it (another member, another value) is read in full.
  if (skipSpace(b, payloadEnd, end) !== end - 1) return null;
  hints.envelope = true;
  if (envelope.ordinal) hints.level = 6;
  if (level !== null) hints.level = Math.max(hints.level ?? 1, level);
  if (record.kind === 'item' && record.item.type === 'reasoning') hints.reasoningItem = true;
  return record;
}

/** The payload of kind `kind` (an index in PAYLOADS) in the layout Codex writes, from just after its type. */
function readTemplate(b: Buffer, p: number, end: number, kind: number): Read<EventPayload | ResponseItem> {
  switch (PAYLOADS[kind]) {
    case 'token_count':
      return envelope.type === EVENT_MSG ? readTokenCount(b, p, end) : NO;
    case 'agent_reasoning':
      return envelope.type === EVENT_MSG ? readAgentReasoning(b, p, end) : NO;
    case 'reasoning':
      return envelope.type !== EVENT_MSG ? readReasoning(b, p, end) : NO;
    case 'function_call':
      return envelope.type !== EVENT_MSG ? readFunctionCall(b, p, end) : NO;
    case 'custom_tool_call':
      return envelope.type !== EVENT_MSG ? readCustomToolCall(b, p, end) : NO;
    case 'function_call_output':
    case 'custom_tool_call_output':
      return envelope.type !== EVENT_MSG ? readToolOutput(b, p, end, PAYLOADS[kind]) : NO;
    default:
      return NO;
  }
}

/**
 * The record of a line too long to keep whole, kept as `head` and `tail` (see line-reader.ts): a tool output whose
 * text runs from the head into the tail, read as the line's tolerant reading (partial-json.ts) reads it; null to
 * read the line that way.
 */
export function readCutRecord(head: Buffer, tail: Buffer, hints: EraHints): RolloutRecord | null {
  try {
    // What that reading decodes: the head to its last whole character, the tail from its first.
    let tailStart = 0;
    while (tailStart < tail.length && ((tail[tailStart] as number) & 0xc0) === 0x80) tailStart++;
    const headEnd = utf8Boundary(head, head.length);
    if (!isUtf8(head.subarray(0, headEnd)) || !isUtf8(tail.subarray(tailStart))) return null;
    if (!readEnvelope(head, 0, head.length) || envelope.type !== RESPONSE_ITEM) return null;
    const typeStart = expect(head, envelope.payload, head.length, PAYLOAD_TYPE);
    const typeEnd = typeStart < 0 ? -1 : nameEnd(head, typeStart, head.length);
    if (typeEnd < 0) return null;
    const output = isName(head, typeStart, typeEnd, PAYLOAD_BYTES[7] as Uint8Array)
      ? 'function_call_output'
      : isName(head, typeStart, typeEnd, PAYLOAD_BYTES[8] as Uint8Array)
        ? 'custom_tool_call_output'
        : null;
    if (output === null) return null;
    const item = readCutToolOutput(head.subarray(0, headEnd), typeEnd + 1, tail, tailStart, output);
    if (item === NO) return null;
    hints.envelope = true;
    if (envelope.ordinal) hints.level = 6;
    return { kind: 'item', ts: envelope.ts, item };
  } catch {
    return null;
  }
}
