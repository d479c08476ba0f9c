import { redactText } from '../../redact/index.js';
import type { EntryKind, EntryRole, TranscriptEntry } from '../types.js';
import {
  countedField,
  dropEntry,
  type EntrySink,
  emitEntry,
  type NormalizerState,
  type PendingEntry,
  pushBounded,
} from './normalize-state.js';
import { dedupeKey, type ExtractedText, isInjectedContext, makeTitle } from './normalize-text.js';
import { type LineContext, noteActivity, noteUserMessage } from './normalize-turns.js';

/**
 * Messages and reasoning, each shown once. Codex ≤0.130 writes every exchange twice (a
 * `response_item` and an `event_msg` user_message/agent_message/agent_reasoning), 0.169 as a
 * `response_item` and an `item_completed`; either copy may come first, and either may be missing.
 * The response item's text is preferred; a message found in only one log is kept.
 */

export interface MessageInput {
  role: EntryRole;
  kind: 'message' | 'context' | 'reasoning';
  extracted: ExtractedText;
  /** Reasoning written as several summary parts: each part matches one event. */
  parts?: string[];
}

/** Role and kind of a message: injected context is never a user message. */
export function classifyMessage(
  role: string,
  text: string,
  nonUserProvenance: boolean,
): { role: EntryRole; kind: EntryKind } {
  if (role === 'developer' || role === 'system') return { role, kind: 'context' };
  if (role === 'user')
    return { role, kind: nonUserProvenance || isInjectedContext(text) ? 'context' : 'message' };
  return { role: role === 'assistant' ? 'assistant' : 'system', kind: 'message' };
}

function takePending(list: PendingEntry[], key: string): PendingEntry | undefined {
  const index = list.findIndex((p) => p.key === key);
  if (index < 0) return undefined;
  return list.splice(index, 1)[0];
}

function buildEntry(ctx: LineContext, input: MessageInput): TranscriptEntry {
  const entry: TranscriptEntry = {
    role: input.role,
    kind: input.kind,
    content: input.extracted.text,
    ts: ctx.ts,
    line: ctx.line,
  };
  if (input.extracted.images.length > 0) entry.images = input.extracted.images;
  if (input.extracted.cutBytes !== null) entry.truncated = { original_bytes: input.extracted.cutBytes };
  return entry;
}

function noteMessage(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  entry: TranscriptEntry,
): void {
  if (entry.kind === 'message' && entry.role === 'user') {
    // Only the first message of each part names the session: later ones are not redacted for it.
    const title = () => makeTitle(redactText(entry.content.slice(0, 2000)));
    if (state.inherited.active) state.inherited_title ??= title() || null;
    else {
      if (!state.meta.title) state.meta.title = title();
      noteUserMessage(state, sink, ctx);
    }
  }
  noteActivity(state, ctx, entry.kind === 'message' && entry.role === 'assistant');
}

function emitTracked(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  entry: TranscriptEntry,
): PendingEntry {
  // Title and turn first: the entry's counts must land in the turn it opens.
  noteMessage(state, sink, ctx, entry);
  const counted = countedField({
    ...entry,
    inherited: state.inherited.active || undefined,
  } as TranscriptEntry);
  const handle = emitEntry(state, sink, entry);
  return { key: '', handle, counted };
}

/** A message or reasoning item from a `response_item` (or an era A/B item). */
export function addItemMessage(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  input: MessageInput,
): void {
  const entry = buildEntry(ctx, input);
  const keys = (input.parts ?? [input.extracted.text]).map((t) => dedupeKey(entry.role, entry.kind, t));
  const unmatched: string[] = [];
  let replaced = false;
  for (const key of keys) {
    const event = takePending(state.pending_events, key);
    if (!event) {
      unmatched.push(key);
      continue;
    }
    // The event copy went out with an earlier scan: keep it rather than show the text twice.
    if (!dropEntry(state, sink, event)) return;
    replaced = true;
  }
  if (replaced) {
    const counted = countedField({
      ...entry,
      inherited: state.inherited.active || undefined,
    } as TranscriptEntry);
    const handle = emitEntry(state, sink, entry);
    for (const key of unmatched) pushBounded(state.pending_items, { key, handle, counted });
    return;
  }
  const tracked = emitTracked(state, sink, ctx, entry);
  for (const key of keys) pushBounded(state.pending_items, { ...tracked, key });
}

/** A message from an event (`user_message`, `agent_message`, `agent_reasoning`, `item_completed`). */
export function addEventMessage(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  input: MessageInput,
): void {
  const entry = buildEntry(ctx, input);
  const key = dedupeKey(entry.role, entry.kind, input.extracted.text);
  if (takePending(state.pending_items, key)) return;
  const tracked = emitTracked(state, sink, ctx, entry);
  pushBounded(state.pending_events, { ...tracked, key });
}
