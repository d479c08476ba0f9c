import type {
  PatchFile,
  SessionDetail,
  SessionMetadata,
  TranscriptEntry,
  TurnInfo,
} from '../../src/sessions/types.js';
import { completeUsage } from './cost.js';
import { plainSessionFacts } from './session-facts.js';

/** Builders for transcript-model sessions in analytics tests. Times are minutes after Monday 2026-11-16 09:00 UTC. */

export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 10, 16, 9, 0, 0) + minutes * 60_000).toISOString();
}

type EntryInput = Omit<TranscriptEntry, 'line'>;

export function user(minutes: number, content = 'please do it'): EntryInput {
  return { role: 'user', kind: 'message', content, ts: at(minutes) };
}

export function assistant(minutes: number, content = 'done'): EntryInput {
  return { role: 'assistant', kind: 'message', content, ts: at(minutes) };
}

export function context(minutes: number): EntryInput {
  return { role: 'user', kind: 'context', content: '<environment_context>', ts: at(minutes) };
}

export function call(minutes: number, callId: string, name: string, args: unknown): EntryInput {
  const raw = typeof args === 'string' ? args : JSON.stringify(args);
  return {
    role: 'assistant',
    kind: 'tool_call',
    content: raw,
    ts: at(minutes),
    tool: { name, call_id: callId, arguments: raw },
  };
}

export function output(
  minutes: number,
  callId: string,
  result: { exit?: number | null; duration_ms?: number | null; content?: string; status?: string } = {},
): EntryInput {
  const tool: TranscriptEntry['tool'] = {
    call_id: callId,
    exit_code: result.exit ?? null,
    duration_ms: result.duration_ms ?? null,
  };
  if (result.status) tool.status = result.status;
  return { role: 'tool', kind: 'tool_output', content: result.content ?? 'ok', ts: at(minutes), tool };
}

export function patch(minutes: number, callId: string, files: PatchFile[], success?: boolean): EntryInput {
  const entry: EntryInput = {
    role: 'assistant',
    kind: 'patch',
    content: files.map((f) => f.path).join('\n'),
    ts: at(minutes),
    tool: { name: 'apply_patch', call_id: callId },
    patch: { files },
  };
  if (success !== undefined) entry.patch!.success = success;
  return entry;
}

export function error(minutes: number, errorKind: string): EntryInput {
  return { role: 'system', kind: 'error', content: errorKind, ts: at(minutes), error_kind: errorKind };
}

export function inherited(entry: EntryInput): EntryInput {
  return { ...entry, inherited: true };
}

export function turn(startMinutes: number, endMinutes: number, extra: Partial<TurnInfo> = {}): TurnInfo {
  return {
    turn_id: null,
    line: startMinutes,
    started_at: at(startMinutes),
    completed_at: at(endMinutes),
    duration_ms: (endMinutes - startMinutes) * 60_000,
    time_to_first_token_ms: null,
    status: 'completed',
    model: null,
    ...extra,
  };
}

export function makeSession(
  id: string,
  entries: EntryInput[],
  options: { meta?: Partial<SessionMetadata>; turns?: TurnInfo[] } = {},
): SessionDetail {
  const metadata: SessionMetadata = completeUsage({
    id,
    title: id,
    path: `/codex/sessions/rollout-${id}.jsonl`,
    archived: false,
    era: 'envelope',
    started_at: entries[0]?.ts ?? null,
    updated_at: entries.at(-1)?.ts ?? null,
    cwd: '/work/app',
    repo_hint: null,
    git: null,
    model: 'gpt-5.5',
    models: [],
    model_provider: 'openai',
    cli_version: '0.169.0',
    originator: 'codex_cli_rs',
    source: 'cli',
    forked_from_id: null,
    user_messages: 0,
    assistant_messages: 0,
    tool_calls: 0,
    tool_errors: 0,
    turns: options.turns?.length ?? 0,
    ...plainSessionFacts(),
    tokens: { input: 0, cached_input: 0, output: 0, reasoning: 0, total: 0 },
    parse_issues: { counts: {}, examples: [] },
    ...options.meta,
  });
  return {
    id,
    metadata,
    messages: entries.map((entry, line) => ({ ...entry, line })),
    turns: options.turns ?? [],
  };
}
