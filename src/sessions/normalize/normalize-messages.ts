import { redactText } from '../../redact/index.js';
import type { EntryRole, TranscriptEntry } from '../types.js';
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
  author?: TranscriptEntry['author'];
  /** Reasoning written as several summary parts: each part matches one event. */
  parts?: string[];
}

/** Role and kind of a message: injected context is never a user message. */
function classifyMessage(
  role: string,
  text: string,
  nonUserProvenance: boolean,
): { role: EntryRole; kind: 'message' | 'context' } {
  if (role === 'developer' || role === 'system') return { role, kind: 'context' };
  if (role === 'user')
    return { role, kind: nonUserProvenance || isInjectedContext(text) ? 'context' : 'message' };
  return { role: role === 'assistant' ? 'assistant' : 'system', kind: 'message' };
}

/**
 * How a message of this session is shown and counted. A subagent's user-role messages are its parent
 * agent's instructions: context, written by the parent agent, never the person's.
 */
export function describeMessage(
  state: NormalizerState,
  role: string,
  text: string,
  nonUserProvenance: boolean,
): Pick<MessageInput, 'role' | 'kind' | 'author'> {
  const found = classifyMessage(role, text, nonUserProvenance);
  if (found.kind === 'message' && found.role === 'user' && state.meta.subagent && !state.inherited.active)
    return { role: 'user', kind: 'context', author: 'parent_agent' };
  return found;
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
  if (input.author) entry.author = input.author;
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
  // Only the first message of each part names the session: later ones are not redacted for it.
  const title = () => makeTitle(redactText(entry.content.slice(0, 2000)));
  if (entry.kind === 'message' && entry.role === 'user') {
    if (state.inherited.active) state.inherited_title ??= title() || null;
    else {
      if (!state.meta.title) state.meta.title = title();
      noteUserMessage(state, sink, ctx);
    }
  } else if (entry.author === 'parent_agent' && !state.meta.title) {
    // A subagent is named by what its parent asked of it.
    state.meta.title = title();
  }
  noteActivity(state, ctx, entry.kind === 'message' && entry.role === 'assistant');
}

function countedBy(state: NormalizerState, entry: TranscriptEntry): PendingEntry['counted'] {
  return state.inherited.active ? null : countedField(entry);
}

/**
 * The same pending entry under `key`. Built field by field, as every object on this path: a spread of objects
 * of varying shapes runs through V8's slow path, and this runs for every message.
 */
function keyed(tracked: PendingEntry, key: string): PendingEntry {
  const pending: PendingEntry = { key, handle: tracked.handle, counted: tracked.counted };
  if (tracked.unconfirmed) pending.unconfirmed = true;
  if (tracked.deferred) pending.deferred = true;
  return pending;
}

/** A message's role, kind and author as `describeMessage` tells them, with its text. */
export function withText(
  described: Pick<MessageInput, 'role' | 'kind' | 'author'>,
  extracted: ExtractedText,
): MessageInput {
  const input: MessageInput = { role: described.role, kind: described.kind, extracted };
  if (described.author) input.author = described.author;
  return input;
}

function emitTracked(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  entry: TranscriptEntry,
): PendingEntry {
  // Title and turn first: the entry's counts must land in the turn it opens.
  noteMessage(state, sink, ctx, entry);
  const counted = countedBy(state, entry);
  const handle = emitEntry(state, sink, entry);
  return { key: '', handle, counted };
}

const MAX_UNCONFIRMED = 4096;

/** A user-role response item in a release that also logs what the person typed as an event. */
function awaitsEvent(state: NormalizerState, entry: TranscriptEntry): boolean {
  return (
    entry.kind === 'message' &&
    entry.role === 'user' &&
    !state.inherited.active &&
    state.hints.envelope === true
  );
}

/**
 * Emits a user-role item whose event has not come yet. Counted for now; once the session has shown that it
 * logs typed messages as events, the title and the turn wait for the event (a notice never opens a turn).
 */
function emitUnconfirmed(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  entry: TranscriptEntry,
): PendingEntry {
  let tracked: PendingEntry;
  if (state.user_events) {
    noteActivity(state, ctx, false);
    const counted = countedBy(state, entry);
    tracked = { key: '', handle: emitEntry(state, sink, entry), counted, unconfirmed: true, deferred: true };
  } else {
    tracked = emitTracked(state, sink, ctx, entry);
    tracked.unconfirmed = true;
  }
  state.unconfirmed.push(tracked.handle);
  if (state.unconfirmed.length > MAX_UNCONFIRMED) {
    state.unconfirmed.shift();
    state.unconfirmed_dropped++;
  }
  return tracked;
}

/** The event of an unconfirmed item came: the person typed it. */
function confirm(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  item: PendingEntry,
  event: TranscriptEntry,
): void {
  const at = state.unconfirmed.lastIndexOf(item.handle);
  if (at >= 0) state.unconfirmed.splice(at, 1);
  else state.unconfirmed_dropped = Math.max(0, state.unconfirmed_dropped - 1);
  if (item.deferred) noteMessage(state, sink, ctx, event);
}

/** Unconfirmed user-role items now (the scan reports the session as if it ended here). */
export function unconfirmedCount(state: NormalizerState): number {
  return state.user_events ? state.unconfirmed.length + state.unconfirmed_dropped : 0;
}

/** End of a transcript: user-role items whose event never came were injected by Codex. */
export function settleUnconfirmed(state: NormalizerState, sink: EntrySink): void {
  if (!state.user_events) return;
  for (const handle of state.unconfirmed) sink.reclassify(handle, 'context');
  state.meta.user_messages -= state.unconfirmed.length + state.unconfirmed_dropped;
  state.unconfirmed = [];
  state.unconfirmed_dropped = 0;
}

/**
 * The copies still waiting for their twin: reasoning apart from messages, so that a run of reasoning never pushes
 * a message's copy out (what a session counts then never depends on its reasoning).
 */
function pendingOf(
  state: NormalizerState,
  kind: TranscriptEntry['kind'],
): Pick<NormalizerState, 'pending_events' | 'pending_items'> {
  return kind === 'reasoning' ? state.pending_reasoning : state;
}

/** A message or reasoning item from a `response_item` (or an era A/B item). */
export function addItemMessage(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  input: MessageInput,
): void {
  const entry = buildEntry(ctx, input);
  const pending = pendingOf(state, entry.kind);
  const keys = (input.parts ?? [input.extracted.text]).map((t) => dedupeKey(entry.role, entry.kind, t));
  const unmatched: string[] = [];
  let replaced = false;
  for (const key of keys) {
    const event = takePending(pending.pending_events, key);
    if (!event) {
      unmatched.push(key);
      continue;
    }
    // The event copy went out with an earlier scan: keep it rather than show the text twice.
    if (!dropEntry(state, sink, event)) return;
    replaced = true;
  }
  if (replaced) {
    const counted = countedBy(state, entry);
    const handle = emitEntry(state, sink, entry);
    for (const key of unmatched) pushBounded(pending.pending_items, { key, handle, counted });
    return;
  }
  const tracked = awaitsEvent(state, entry)
    ? emitUnconfirmed(state, sink, ctx, entry)
    : emitTracked(state, sink, ctx, entry);
  for (const key of keys) pushBounded(pending.pending_items, keyed(tracked, key));
}

/** A message from an event (`user_message`, `agent_message`, `agent_reasoning`, `item_completed`). */
export function addEventMessage(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  input: MessageInput,
): void {
  const entry = buildEntry(ctx, input);
  if (entry.role === 'user') state.user_events = true;
  const pending = pendingOf(state, entry.kind);
  const key = dedupeKey(entry.role, entry.kind, input.extracted.text);
  const item = takePending(pending.pending_items, key);
  if (item) {
    if (item.unconfirmed) confirm(state, sink, ctx, item, entry);
    return;
  }
  const tracked = emitTracked(state, sink, ctx, entry);
  pushBounded(pending.pending_events, keyed(tracked, key));
}
