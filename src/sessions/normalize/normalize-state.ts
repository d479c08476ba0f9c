import { redactHead, redactText } from '../../redact/index.js';
import type { EraHints } from '../scan/records.js';
import type { ParseIssue, ParseIssueReport, SessionMetadata, TranscriptEntry, TurnInfo } from '../types.js';
import { createTokenState, type TokenState } from './normalize-tokens.js';

/**
 * Everything the normalizer remembers between lines. Plain JSON, so an incremental scan can store
 * it in its checkpoint and continue later exactly where it stopped.
 */

export interface PendingEntry {
  key: string;
  handle: number;
  /** The counter the entry added to, undone when a duplicate replaces it. */
  counted: Counted | null;
  /** A user-role response item still waiting for the event that says the person typed it. */
  unconfirmed?: true;
  /** Its title and turn wait for that event too. */
  deferred?: true;
}

export interface CallRecord {
  call_id: string;
  name: string;
  patch_handle: number | null;
}

export interface OpenTurn {
  turn_id: string | null;
  line: number;
  started_at: string | null;
  model: string | null;
  synthetic: boolean;
  error_seen: boolean;
  answered_after_error: boolean;
  last_ts: string | null;
  inherited: boolean;
  /** Tool calls in it with which Codex waited for the person. */
  waits: number;
}

export type Counted = 'user_messages' | 'assistant_messages' | 'tool_calls' | 'tool_errors' | 'compactions';

export interface NormalizerState {
  meta: Omit<
    SessionMetadata,
    | 'archived'
    | 'path'
    | 'era'
    | 'tokens'
    | 'parse_issues'
    | 'model'
    | 'turns'
    | 'subagents'
    | 'codex_retro_turns'
    | 'tokens_by_model'
    | 'usage_slots'
    | 'cost'
  > & {
    model: string | null;
  };
  /** First user message of the fork parent, the title when the session has none of its own. */
  inherited_title: string | null;
  json: boolean;
  hints: EraHints;
  values: number;
  task_events: boolean;
  turns: number;
  tokens: TokenState;
  issues: ParseIssueReport;
  /** Inside the copy of the fork parent's history. */
  inherited: { active: boolean; since?: string | null };
  pending_events: PendingEntry[];
  pending_items: PendingEntry[];
  /** The same for reasoning, kept apart (see normalize-messages.ts). */
  pending_reasoning: { pending_events: PendingEntry[]; pending_items: PendingEntry[] };
  /**
   * The session records what the person typed as events too (`user_message`, 0.169's `item_completed`
   * UserMessage): from the first one on, a user-role response item without its event is injected context.
   */
  user_events: boolean;
  /** Handles of user-role response items whose event has not come (yet); counted until settled. */
  unconfirmed: number[];
  /** Unconfirmed items past the bound of `unconfirmed` (their handles are no longer kept). */
  unconfirmed_dropped: number;
  calls: CallRecord[];
  turn: OpenTurn | null;
  next_handle: number;
}

/** Where normalized entries go: an array for a transcript, search docs for a scan. */
export interface EntrySink {
  /** Longest content kept per entry, or null for full text. */
  readonly maxChars: number | null;
  /** Tool call arguments are kept (the summary scan shows only the content). */
  readonly keepsArguments: boolean;
  /**
   * The sink keeps no entries (the session list's scan): the normalizer keeps only the session's facts and
   * passes over what only entries show (reasoning, which counts nothing).
   */
  readonly summaryOnly?: boolean;
  /** Whether `add` keeps this entry's text: a text that is dropped is not redacted, the costly part. */
  keepsText(entry: TranscriptEntry): boolean;
  add(handle: number, entry: TranscriptEntry): void;
  /** Records whether a patch entry applied (its tool output arrived). */
  settlePatch(handle: number, success: boolean): void;
  /** False when the entry is no longer held (it went out with an earlier scan). */
  remove(handle: number): boolean;
  /** A user-role message turned out to be injected context (its event never came). */
  reclassify(handle: number, kind: 'context'): void;
  turn(turn: TurnInfo): void;
}

export function createState(json: boolean): NormalizerState {
  return {
    meta: {
      id: '',
      title: '',
      started_at: null,
      updated_at: null,
      cwd: null,
      repo_hint: null,
      git: null,
      model: null,
      models: [],
      model_provider: null,
      cli_version: null,
      originator: null,
      source: null,
      forked_from_id: null,
      parent_thread_id: null,
      subagent: null,
      user_messages: 0,
      assistant_messages: 0,
      tool_calls: 0,
      tool_errors: 0,
      failed_turns: 0,
      aborted_turns: 0,
      approval_turns: 0,
      compactions: 0,
    },
    inherited_title: null,
    json,
    hints: {},
    values: 0,
    task_events: false,
    turns: 0,
    tokens: createTokenState(),
    issues: { counts: {}, examples: [] },
    inherited: { active: false },
    pending_events: [],
    pending_items: [],
    pending_reasoning: { pending_events: [], pending_items: [] },
    user_events: false,
    unconfirmed: [],
    unconfirmed_dropped: 0,
    calls: [],
    turn: null,
    next_handle: 0,
  };
}

const MAX_EXAMPLES = 5;
const MAX_PENDING = 32;
const MAX_CALLS = 256;

export function recordIssue(report: ParseIssueReport, issue: ParseIssue): void {
  report.counts[issue.kind] = (report.counts[issue.kind] ?? 0) + 1;
  if (report.examples.length < MAX_EXAMPLES) report.examples.push(issue);
}

export function pushBounded<T>(list: T[], value: T, max = MAX_PENDING): void {
  list.push(value);
  if (list.length > max) list.splice(0, list.length - max);
}

export function rememberCall(state: NormalizerState, call: CallRecord): void {
  pushBounded(state.calls, call, MAX_CALLS);
}

export function findCall(state: NormalizerState, callId: string): CallRecord | undefined {
  for (let i = state.calls.length - 1; i >= 0; i--) {
    const call = state.calls[i] as CallRecord;
    if (call.call_id === callId) return call;
  }
  return undefined;
}

export function countedField(entry: TranscriptEntry): Counted | null {
  if (entry.inherited) return null;
  switch (entry.kind) {
    case 'message':
      return entry.role === 'user'
        ? 'user_messages'
        : entry.role === 'assistant'
          ? 'assistant_messages'
          : null;
    case 'tool_call':
      return 'tool_calls';
    case 'tool_output':
      return typeof entry.tool?.exit_code === 'number' && entry.tool.exit_code !== 0 ? 'tool_errors' : null;
    case 'compaction':
      return 'compactions';
    default:
      return null;
  }
}

/**
 * Redacts text and, for scans, keeps only its head, marked as cut; so is a text the line itself had cut
 * (`cut`), however short what was kept of it.
 */
function shapeText(text: string, maxChars: number | null, cut = false): string {
  // A cut can fall inside a credential, which is then no longer recognised whole: redactHead drops its start.
  if (maxChars === null) return cut ? redactHead(text) : redactText(text);
  if (text.length <= maxChars) return cut ? `${redactHead(text)} […]` : redactText(text);
  return `${redactHead(text.slice(0, maxChars + 256), maxChars)} […]`;
}

/** Adds an entry: redacts, bounds, marks inherited lines, counts. Returns its handle. */
export function emitEntry(state: NormalizerState, sink: EntrySink, entry: TranscriptEntry): number {
  if (state.inherited.active) entry.inherited = true;
  if (sink.keepsText(entry)) {
    entry.content = shapeText(entry.content, sink.maxChars, entry.truncated !== undefined);
    if (sink.keepsArguments && entry.tool?.arguments !== undefined)
      entry.tool.arguments = shapeText(entry.tool.arguments, sink.maxChars);
  }
  const field = countedField(entry);
  if (field) state.meta[field]++;
  const handle = state.next_handle++;
  sink.add(handle, entry);
  return handle;
}

/** Removes an entry added earlier, undoing its count. False when it was no longer held. */
export function dropEntry(state: NormalizerState, sink: EntrySink, pending: PendingEntry): boolean {
  if (!sink.remove(pending.handle)) return false;
  if (pending.counted) state.meta[pending.counted]--;
  return true;
}
