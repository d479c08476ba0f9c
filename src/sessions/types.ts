import type { SessionCost } from '../pricing/types.js';

/**
 * The normalized transcript model every consumer (CLI, analytics, report, server, web) reads.
 * Shapes follow the product contract: `sessions list --json` and `sessions show ID --json`.
 */

export type EntryKind =
  | 'message'
  | 'reasoning'
  | 'tool_call'
  | 'tool_output'
  | 'patch'
  | 'context'
  | 'compaction'
  | 'error';

export type EntryRole = 'user' | 'assistant' | 'developer' | 'system' | 'tool';

interface ToolInfo {
  name?: string;
  call_id: string;
  /** Raw arguments as Codex recorded them (a JSON string for function calls, the patch text for apply_patch). */
  arguments?: string;
  exit_code?: number | null;
  duration_ms?: number | null;
  /** For tool calls: `shell` / `exec_command` programs etc. are in `arguments`; status when Codex recorded one. */
  status?: string;
}

export interface PatchFile {
  path: string;
  kind: 'add' | 'update' | 'delete' | 'move';
  move_to?: string;
  added: number;
  removed: number;
  /** The change as the patch writes it, part by part (full transcripts only; redacted like the call). */
  hunks?: PatchHunk[];
}

/** One part of a file's change: `@@` with the line it anchors to, then its lines. */
export interface PatchHunk {
  header: string;
  lines: PatchLine[];
}

/** A line of a patch without its sign; numbered only where the patch fixes the number (a file it adds). */
interface PatchLine {
  kind: 'context' | 'add' | 'remove';
  text: string;
  old_line: number | null;
  new_line: number | null;
}

export interface TranscriptEntry {
  role: EntryRole;
  kind: EntryKind;
  /** Redacted text. Very large payloads are cut, see `truncated`. */
  content: string;
  /** ISO timestamp when known, else null. */
  ts: string | null;
  /** Position of the source line in the rollout (0-based physical line), for stable ids and paging. */
  line: number;
  /** Copied from the fork parent: shown, never counted again. */
  inherited?: true;
  turn_id?: string;
  tool?: ToolInfo;
  /** For kind `patch`: the files the patch touches. */
  patch?: { files: PatchFile[]; success?: boolean };
  /** Error subtype for kind `error`: `turn_failed`, `stream_error`, `turn_aborted`, `model_error`. */
  error_kind?: string;
  /** A tool call with which Codex waited for the person: a question, a permission request, an escalated command. */
  approval_wait?: ApprovalWait;
  /**
   * Who wrote a `context` entry that is not Codex's own injection: the parent agent's instructions to a
   * subagent, or codex-retro's prompt in a session it resumed.
   */
  author?: 'parent_agent' | 'codex-retro';
  /** An entry of a turn codex-retro added when it resumed this session: never the person's. */
  codex_retro?: CodexRetroRun;
  /** The original text was longer than what is kept. */
  truncated?: { original_bytes: number };
  /** Inline images are never kept: their kind and size are. */
  images?: { mime: string; bytes: number }[];
}

export type ApprovalWait = 'user_input' | 'permissions' | 'escalation';

/** The codex-retro run that added a turn to a resumed session. */
interface CodexRetroRun {
  job_id: string;
  kind: string;
}

/** How Codex started a session on another agent's behalf (`session_meta.source.subagent`, `thread_source`). */
export interface SubagentInfo {
  /** `thread_spawn` (spawned by another thread), `review`, `compact`, … as Codex names it. */
  kind: string;
  depth: number | null;
  nickname: string | null;
  role: string | null;
}

/** What a session's subagents (all of its descendants) added; their tokens are not in the session's own. */
export interface SubagentTotals {
  /** Subagents the session spawned itself. */
  count: number;
  /** Every subagent below it, theirs included. */
  descendants: number;
  tokens: TokenTotals;
}

export interface TokenTotals {
  input: number;
  cached_input: number;
  output: number;
  reasoning: number;
  total: number;
}

/**
 * One model's tokens. `above` holds the part spent in requests whose input passed a context size (the key, in
 * tokens) that some price lists charge another rate for; each such request counts under the largest size it passed.
 */
export interface ModelTokens extends TokenTotals {
  above?: Record<string, TokenTotals>;
}

/**
 * A session's own requests by quarter hour (UTC `YYYY-MM-DDTHH:MM`; '' for requests without a time) and by the
 * model of their turn (`unknown` where the rollout never names one).
 */
export type UsageSlots = Record<string, Record<string, ModelTokens>>;

export interface SessionSummary {
  id: string;
  title: string;
  started_at: string | null;
  updated_at: string | null;
  cwd: string | null;
  repo_hint: string | null;
  model: string;
  cli_version: string | null;
  originator: string | null;
  forked_from_id: string | null;
  archived: boolean;
  path: string;
  user_messages: number;
  tool_calls: number;
  tool_errors: number;
  tokens: TokenTotals;
  /** The same tokens by the model of each request's turn. */
  tokens_by_model: Record<string, ModelTokens>;
  /** What they cost at the price list's rates, or why that is not known. */
  cost: SessionCost;
  /** The thread that spawned this session when it is a subagent; null for a session a person started. */
  parent_thread_id: string | null;
  /** Set when the session is a subagent (even one whose parent is not recorded). */
  subagent: SubagentInfo | null;
  subagents: SubagentTotals;
  failed_turns: number;
  aborted_turns: number;
  /** Turns in which Codex waited for the person (a question, a permission, an escalated command). */
  approval_turns: number;
}

/** A part of a search hit's snippet: text as it is, or (`match`) text the search matched. */
export interface SnippetSegment {
  text: string;
  match?: true;
}

export type ParseIssueKind =
  | 'malformed_line'
  | 'torn_last_line'
  | 'invalid_utf8'
  | 'unknown_line'
  | 'oversize_line'
  | 'read_error'
  | 'vanished';

export interface ParseIssue {
  kind: ParseIssueKind;
  /** 1-based physical line number when it applies. */
  line?: number;
  message: string;
}

/** Issues of one file, counted by kind with the first few examples kept. */
export interface ParseIssueReport {
  counts: Partial<Record<ParseIssueKind, number>>;
  examples: ParseIssue[];
}

export interface SessionMetadata {
  id: string;
  title: string;
  path: string;
  archived: boolean;
  era: string;
  started_at: string | null;
  updated_at: string | null;
  cwd: string | null;
  repo_hint: string | null;
  git: { commit_hash?: string; branch?: string; repository_url?: string } | null;
  model: string;
  models: string[];
  model_provider: string | null;
  cli_version: string | null;
  originator: string | null;
  source: string | null;
  forked_from_id: string | null;
  user_messages: number;
  assistant_messages: number;
  tool_calls: number;
  tool_errors: number;
  turns: number;
  failed_turns: number;
  aborted_turns: number;
  approval_turns: number;
  compactions: number;
  tokens: TokenTotals;
  tokens_by_model: Record<string, ModelTokens>;
  usage_slots: UsageSlots;
  /** Filled by the store from the price list (the parser knows no prices). */
  cost: SessionCost;
  parse_issues: ParseIssueReport;
  parent_thread_id: string | null;
  subagent: SubagentInfo | null;
  /** Filled by the store from the other sessions of the Codex home (none when read alone). */
  subagents: SubagentTotals & { sessions: SubagentSummary[] };
  /** Turns codex-retro added by resuming this session (not counted as the person's). */
  codex_retro_turns: number;
}

/** A subagent as its parent's transcript lists it. */
export interface SubagentSummary {
  id: string;
  title: string;
  parent_thread_id: string;
  depth: number | null;
  nickname: string | null;
  role: string | null;
  started_at: string | null;
  updated_at: string | null;
  tokens: TokenTotals;
}

/** One user turn as Codex timed it (task_started → task_complete), for response-time analytics. */
export interface TurnInfo {
  turn_id: string | null;
  /** Position of the rollout line that opened the turn (as `TranscriptEntry.line`). */
  line: number;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
  time_to_first_token_ms: number | null;
  status: 'completed' | 'failed' | 'aborted' | 'unknown';
  model: string | null;
  inherited?: true;
  /** Tool calls in the turn with which Codex waited for the person. */
  approval_waits?: number;
  codex_retro?: CodexRetroRun;
}

/** What the parser reads from a rollout: everything but what the store adds from elsewhere. */
export type ScannedMetadata = Omit<SessionMetadata, 'archived' | 'path' | 'cost'>;

/** A transcript as the parser reads it, before the store prices it. */
export interface ScannedDetail {
  id: string;
  metadata: Omit<SessionMetadata, 'cost'>;
  messages: TranscriptEntry[];
  turns: TurnInfo[];
}

export interface SessionDetail {
  id: string;
  metadata: SessionMetadata;
  messages: TranscriptEntry[];
  turns: TurnInfo[];
}
