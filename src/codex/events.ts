import { z } from 'zod';

/**
 * `codex exec --json` prints one event per line (thread/turn/item schema, Codex ≥ 0.60). Known events are
 * validated; events of other types are kept as they came, because every release adds some.
 */
const usageSchema = z
  .object({
    input_tokens: z.number(),
    cached_input_tokens: z.number().default(0),
    output_tokens: z.number(),
    reasoning_output_tokens: z.number().default(0),
  })
  .loose();

const itemSchema = z.object({ id: z.string(), type: z.string(), text: z.string().optional() }).loose();

const knownEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thread.started'), thread_id: z.string() }).loose(),
  z.object({ type: z.literal('turn.started') }).loose(),
  z.object({ type: z.literal('turn.completed'), usage: usageSchema }).loose(),
  z.object({ type: z.literal('turn.failed'), error: z.object({ message: z.string() }).loose() }).loose(),
  z.object({ type: z.literal('error'), message: z.string() }).loose(),
  z.object({ type: z.literal('item.started'), item: itemSchema }).loose(),
  z.object({ type: z.literal('item.updated'), item: itemSchema }).loose(),
  z.object({ type: z.literal('item.completed'), item: itemSchema }).loose(),
]);

type KnownCodexEvent = z.infer<typeof knownEventSchema>;
type KnownType = KnownCodexEvent['type'];

/** An event of a type this version of codex-retro does not know; kept verbatim. */
interface OtherCodexEvent {
  type: string;
  [key: string]: unknown;
}

/** A line that was not a JSON object with a string `type` (or a known type with the wrong shape). */
interface UnparsedLine {
  type: 'unparsed_line';
  text: string;
  problem: string;
}

export type CodexEvent = KnownCodexEvent | OtherCodexEvent | UnparsedLine;

type CodexUsage = z.infer<typeof usageSchema>;

const KNOWN_TYPES = new Set<string>(knownEventSchema.options.map((option) => option.shape.type.value));

function unparsed(line: string, problem: string): UnparsedLine {
  return { type: 'unparsed_line', text: line.slice(0, 500), problem };
}

/** Reads one stdout line. Never throws: bad lines come back as `unparsed_line` so they are counted. */
export function parseEventLine(line: string): CodexEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return unparsed(line, 'not JSON');
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    return unparsed(line, 'no string "type"');
  }
  const type = (value as { type: string }).type;
  if (!KNOWN_TYPES.has(type)) return value as OtherCodexEvent;
  const parsed = knownEventSchema.safeParse(value);
  if (!parsed.success)
    return unparsed(line, `malformed ${type} event: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

function isKnown<T extends KnownType>(
  event: CodexEvent,
  type: T,
): event is Extract<KnownCodexEvent, { type: T }> {
  return event.type === type && KNOWN_TYPES.has(type);
}

/** What a finished run's event stream says: its thread, answer, usage and failure, if any. */
export interface EventSummary {
  threadId: string | null;
  lastAgentMessage: string | null;
  usage: CodexUsage | null;
  failure: string | null;
  lastError: string | null;
  unparsedLines: number;
}

export function summarizeEvents(events: CodexEvent[]): EventSummary {
  const summary: EventSummary = {
    threadId: null,
    lastAgentMessage: null,
    usage: null,
    failure: null,
    lastError: null,
    unparsedLines: 0,
  };
  for (const event of events) {
    if (event.type === 'unparsed_line') summary.unparsedLines++;
    else if (isKnown(event, 'thread.started')) summary.threadId ??= event.thread_id;
    else if (isKnown(event, 'turn.completed')) summary.usage = event.usage;
    else if (isKnown(event, 'turn.failed')) summary.failure = event.error.message;
    else if (isKnown(event, 'error')) summary.lastError = event.message;
    else if (
      isKnown(event, 'item.completed') &&
      event.item.type === 'agent_message' &&
      event.item.text !== undefined
    ) {
      summary.lastAgentMessage = event.item.text;
    }
  }
  return summary;
}
