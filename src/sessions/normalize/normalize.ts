import { redactText } from '../../redact/index.js';
import type { EventPayload, ResponseItem, RolloutRecord, SessionMetaPayload } from '../scan/records.js';
import { addEventMessage, addItemMessage, describeMessage, withText } from './normalize-messages.js';
import { type EntrySink, emitEntry, type NormalizerState } from './normalize-state.js';
import { describeSubagent } from './normalize-subagent.js';
import { type CutLookup, describeImages, extractContent, hasNonUserProvenance } from './normalize-text.js';
import { recordTokens } from './normalize-tokens.js';
import {
  addToolCall,
  addToolOutput,
  describeCommand,
  notePatchApplied,
  readArguments,
} from './normalize-tools.js';
import {
  abortTurn,
  addError,
  completeTaskTurn,
  type LineContext,
  noteActivity,
  startTaskTurn,
} from './normalize-turns.js';
import { slotOf, UNRECORDED_MODEL } from './usage-slots.js';

/** Records → transcript entries and session facts, one record at a time. */

export interface RecordContext extends LineContext {
  cuts: CutLookup;
}

function cutSize(cuts: CutLookup, value: string): number | null {
  return cuts(value)?.bytes ?? null;
}

function repoHint(meta: SessionMetaPayload): string | null {
  const url = meta.git?.repository_url;
  if (url) {
    const name = /([^/:]+?)(?:\.git)?\/?$/.exec(url)?.[1];
    if (name) return name;
  }
  const cwd = meta.cwd;
  if (!cwd) return null;
  return cwd.split(/[\\/]/).filter(Boolean).pop() ?? null;
}

function describeSource(source: unknown): string | null {
  if (source === undefined || source === null) return null;
  if (typeof source === 'string') return source;
  if (typeof source === 'object') return Object.keys(source as object)[0] ?? null;
  return String(source);
}

function applyMeta(state: NormalizerState, meta: SessionMetaPayload, ts: string | null): void {
  const m = state.meta;
  if (m.id) {
    // A later session_meta of another session: the fork's copy of its parent's history begins.
    if (meta.id !== m.id) state.inherited = { active: true, since: ts };
    return;
  }
  m.id = meta.id;
  m.started_at = meta.timestamp ?? ts;
  m.cwd = meta.cwd ?? null;
  m.repo_hint = repoHint(meta);
  // A remote URL can carry a token (`https://x-access-token:…@github.com/…`): it is shown and cached.
  m.git = meta.git
    ? Object.fromEntries(
        (['commit_hash', 'branch', 'repository_url'] as const)
          .filter((k) => typeof meta.git?.[k] === 'string')
          .map((k) => [k, redactText(meta.git?.[k] as string)]),
      )
    : null;
  m.cli_version = meta.cli_version ?? null;
  m.originator = meta.originator ?? null;
  m.source = describeSource(meta.source);
  m.model_provider = meta.model_provider ?? null;
  m.forked_from_id = meta.forked_from_id ?? null;
  const subagent = describeSubagent(meta);
  if (subagent) {
    m.subagent = subagent.info;
    m.parent_thread_id = subagent.parent;
  }
}

function noteModel(state: NormalizerState, model: string | null | undefined): void {
  if (!model) return;
  state.meta.model = model;
  if (!state.meta.models.includes(model)) state.meta.models.push(model);
  if (state.turn && !state.turn.model) state.turn.model = model;
}

/** UUIDv7 ids sort by creation time: a turn newer than the fork itself is the fork's own. */
function isOwnTurn(state: NormalizerState, turnId: string): boolean {
  const own = state.meta.id;
  const v7 = (id: string) => id.length >= 15 && id[14] === '7';
  if (!v7(own) || !v7(turnId)) return false;
  return turnId.slice(0, 13) >= own.slice(0, 13);
}

/**
 * Releases without turn ids: Codex writes the copied history in one burst when the fork is made;
 * the fork's own first turn comes when the person next types, seconds later.
 */
const FORK_COPY_BURST_MS = 1000;

function noteForkTime(state: NormalizerState, ts: string | null): void {
  const since = state.inherited.since;
  if (!state.inherited.active || !ts || !since) return;
  if (Date.parse(ts) - Date.parse(since) >= FORK_COPY_BURST_MS) state.inherited = { active: false };
}

function noteTurnId(state: NormalizerState, turnId: string | null | undefined): void {
  if (!state.inherited.active || !turnId) return;
  if (isOwnTurn(state, turnId)) state.inherited = { active: false };
}

function applyItem(state: NormalizerState, sink: EntrySink, ctx: RecordContext, item: ResponseItem): void {
  switch (item.type) {
    case 'message': {
      const extracted = extractContent(item.content, ctx.cuts);
      const described = describeMessage(state, item.role, extracted.text, hasNonUserProvenance(item));
      addItemMessage(state, sink, ctx, withText(described, extracted));
      return;
    }
    case 'reasoning': {
      if (sink.summaryOnly) return;
      const parts = (item.summary ?? []).map((p) => p.text ?? '').filter(Boolean);
      if (parts.length === 0) return;
      const extracted = { text: parts.join('\n\n'), images: [], cutBytes: null };
      addItemMessage(state, sink, ctx, { role: 'assistant', kind: 'reasoning', extracted, parts });
      return;
    }
    case 'function_call': {
      const raw = typeof item.arguments === 'string' ? item.arguments : JSON.stringify(item.arguments ?? {});
      const name = item.namespace ? `${item.namespace}__${item.name}` : item.name;
      const cut = cutSize(ctx.cuts, raw);
      const read = readArguments(item.name, raw);
      addToolCall(state, sink, ctx, {
        name,
        call_id: item.call_id,
        arguments: raw,
        display: read.display,
        cutBytes: cut,
        approval: read.approval,
      });
      return;
    }
    case 'custom_tool_call': {
      const input = typeof item.input === 'string' ? item.input : JSON.stringify(item.input ?? '');
      const cut = cutSize(ctx.cuts, input);
      addToolCall(state, sink, ctx, {
        name: item.name,
        call_id: item.call_id,
        arguments: input,
        display: input,
        status: item.status,
        cutBytes: cut,
      });
      return;
    }
    case 'local_shell_call': {
      const argv = item.action?.command ?? [];
      const args = JSON.stringify({ command: argv });
      const callId = item.call_id ?? item.id ?? `local_shell@${ctx.line}`;
      const display = describeCommand({ command: argv }) ?? '';
      addToolCall(state, sink, ctx, {
        name: 'local_shell',
        call_id: callId,
        arguments: args,
        display,
        status: item.status,
        cutBytes: null,
      });
      return;
    }
    case 'web_search_call': {
      const query = item.action?.query ?? '';
      const callId = item.id ?? `web_search@${ctx.line}`;
      const args = JSON.stringify({ query });
      addToolCall(state, sink, ctx, {
        name: 'web_search',
        call_id: callId,
        arguments: args,
        display: query,
        status: item.status,
        cutBytes: null,
      });
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output':
      addToolOutput(state, sink, ctx, item.call_id, item.output, ctx.cuts);
      return;
  }
}

function eventText(content: { text?: string | undefined }[] | null | undefined): string {
  return (content ?? []).map((p) => p.text ?? '').join('\n');
}

function applyEvent(state: NormalizerState, sink: EntrySink, ctx: RecordContext, event: EventPayload): void {
  switch (event.type) {
    case 'user_message': {
      const images = describeImages(event.images, ctx.cuts);
      const extracted = { text: event.message, images, cutBytes: cutSize(ctx.cuts, event.message) };
      // 0.3x–0.4x say which user messages were context (`kind` other than `plain`).
      const context = typeof event.kind === 'string' && event.kind !== 'plain';
      const described = describeMessage(state, 'user', event.message, context);
      addEventMessage(state, sink, ctx, withText(described, extracted));
      return;
    }
    case 'agent_message': {
      const extracted = { text: event.message, images: [], cutBytes: cutSize(ctx.cuts, event.message) };
      addEventMessage(state, sink, ctx, { role: 'assistant', kind: 'message', extracted });
      return;
    }
    case 'agent_reasoning':
      if (sink.summaryOnly) return;
      addEventMessage(state, sink, ctx, {
        role: 'assistant',
        kind: 'reasoning',
        extracted: { text: event.text, images: [], cutBytes: null },
      });
      return;
    case 'item_completed': {
      const item = event.item;
      if (item.type === 'UserMessage') {
        const described = describeMessage(state, 'user', eventText(item.content), false);
        addEventMessage(state, sink, ctx, withText(described, extractContent(item.content, ctx.cuts)));
      } else if (item.type === 'AgentMessage') {
        addEventMessage(state, sink, ctx, {
          role: 'assistant',
          kind: 'message',
          extracted: extractContent(item.content, ctx.cuts),
        });
      } else if (item.type === 'Reasoning' && !sink.summaryOnly) {
        for (const text of item.summary_text ?? []) {
          addEventMessage(state, sink, ctx, {
            role: 'assistant',
            kind: 'reasoning',
            extracted: { text, images: [], cutBytes: null },
          });
        }
      }
      return;
    }
    case 'token_count': {
      const total = event.info?.total_token_usage;
      if (!total) return;
      recordTokens(state.tokens, total, event.info?.last_token_usage, state.inherited.active, {
        model: state.meta.model ?? UNRECORDED_MODEL,
        slot: slotOf(ctx.ts),
      });
      return;
    }
    case 'task_started':
      noteTurnId(state, event.turn_id);
      startTaskTurn(state, sink, ctx, event);
      return;
    case 'task_complete':
      completeTaskTurn(state, sink, ctx, event);
      return;
    case 'turn_aborted':
      abortTurn(state, sink, ctx, event.reason);
      return;
    case 'error':
      addError(state, sink, ctx, 'model_error', event.message ?? 'Error.');
      return;
    case 'stream_error':
      addError(state, sink, ctx, 'stream_error', event.message ?? 'Stream error.');
      return;
    case 'context_compacted':
      emitEntry(state, sink, {
        role: 'system',
        kind: 'compaction',
        content: 'Context compacted.',
        ts: ctx.ts,
        line: ctx.line,
      });
      return;
    case 'thread_settings_applied':
      noteModel(state, event.thread_settings?.model);
      return;
    case 'patch_apply_end':
      if (event.call_id && typeof event.success === 'boolean')
        notePatchApplied(state, sink, event.call_id, event.success);
      return;
  }
}

export function applyRecord(
  state: NormalizerState,
  sink: EntrySink,
  record: RolloutRecord,
  ctx: RecordContext,
): void {
  if (record.ts && (!state.meta.updated_at || record.ts > state.meta.updated_at))
    state.meta.updated_at = record.ts;
  noteForkTime(state, record.ts);
  switch (record.kind) {
    case 'meta':
      applyMeta(state, record.meta, record.ts);
      return;
    case 'item':
      applyItem(state, sink, ctx, record.item);
      return;
    case 'event':
      applyEvent(state, sink, ctx, record.event);
      return;
    case 'turn_context':
      noteTurnId(state, record.context.turn_id);
      noteModel(state, record.context.model);
      noteActivity(state, ctx, false);
      return;
    case 'compacted':
      emitEntry(state, sink, {
        role: 'system',
        kind: 'compaction',
        content: record.message || 'Conversation compacted.',
        ts: ctx.ts,
        line: ctx.line,
      });
      return;
    default:
      return;
  }
}
