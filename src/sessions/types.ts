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
  /** The original text was longer than what is kept. */
  truncated?: { original_bytes: number };
  /** Inline images are never kept: their kind and size are. */
  images?: { mime: string; bytes: number }[];
}

export interface TokenTotals {
  input: number;
  cached_input: number;
  output: number;
  reasoning: number;
  total: number;
}

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
  compactions: number;
  tokens: TokenTotals;
  parse_issues: ParseIssueReport;
}

/** One user turn as Codex timed it (task_started → task_complete), for response-time analytics. */
export interface TurnInfo {
  turn_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
  time_to_first_token_ms: number | null;
  status: 'completed' | 'failed' | 'aborted' | 'unknown';
  model: string | null;
  inherited?: true;
}

export interface SessionDetail {
  id: string;
  metadata: SessionMetadata;
  messages: TranscriptEntry[];
  turns: TurnInfo[];
}
