import type { SessionDetail, TranscriptEntry } from '../sessions/types.js';
import type { SessionFacets } from './facets/facet-contract.js';

/** One session condensed to what a writer needs to characterise it, with every text cut short. */
export interface SessionDigest {
  id: string;
  title: string;
  started_at: string | null;
  updated_at: string | null;
  duration_minutes: number | null;
  cwd: string | null;
  repo: string | null;
  model: string;
  originator: string | null;
  forked_from_id: string | null;
  user_messages: number;
  assistant_messages: number;
  tool_calls: number;
  tool_errors: number;
  failed_turns: number;
  /** Turns the person interrupted. */
  aborted_turns: number;
  /** Turns in which Codex waited for the person (a question, a permission, a command outside the sandbox). */
  approval_turns: number;
  /** Turns codex-retro added by resuming the session: not the person's, left out of every count. */
  codex_retro_turns: number;
  compactions: number;
  tokens_total: number;
  /** Subagents the session spawned and the tokens they used beside `tokens_total`. */
  subagents: { count: number; tokens_total: number };
  top_tools: string[];
  prompts: string[];
  last_reply: string | null;
  /** What Codex read in the whole session (goal, outcome, friction with quotes); null when it has none. */
  facets: SessionFacets | null;
}

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * Entries the session itself produced: a fork's copied parent history is shown elsewhere, and turns
 * codex-retro added by resuming it are not the person's; neither is counted.
 */
export function ownEntries(session: SessionDetail): TranscriptEntry[] {
  return session.messages.filter((entry) => !entry.inherited && !entry.codex_retro);
}

export function isTypedByPerson(entry: TranscriptEntry): boolean {
  return entry.kind === 'message' && entry.role === 'user';
}

function minutesBetween(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 6000) / 10 : null;
}

/** `limits.prompts` first prompts of `limits.promptChars` characters each; the rest as counts only. */
export function digestSession(
  session: SessionDetail,
  limits: { prompts: number; promptChars: number },
  facets: SessionFacets | null,
): SessionDigest {
  const meta = session.metadata;
  const entries = ownEntries(session);
  const toolCounts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind !== 'tool_call') continue;
    const name = entry.tool?.name ?? 'unknown';
    toolCounts.set(name, (toolCounts.get(name) ?? 0) + 1);
  }
  const prompts = entries
    .filter(isTypedByPerson)
    .slice(0, limits.prompts)
    .map((entry) => clip(entry.content, limits.promptChars));
  const lastReply = entries.filter((e) => e.kind === 'message' && e.role === 'assistant').at(-1);
  return {
    id: session.id,
    title: clip(meta.title, 160),
    started_at: meta.started_at,
    updated_at: meta.updated_at,
    duration_minutes: minutesBetween(meta.started_at, meta.updated_at),
    cwd: meta.cwd,
    repo: meta.repo_hint,
    model: meta.model,
    originator: meta.originator,
    forked_from_id: meta.forked_from_id,
    user_messages: meta.user_messages,
    assistant_messages: meta.assistant_messages,
    tool_calls: meta.tool_calls,
    tool_errors: meta.tool_errors,
    failed_turns: meta.failed_turns,
    aborted_turns: meta.aborted_turns,
    approval_turns: meta.approval_turns,
    codex_retro_turns: meta.codex_retro_turns,
    compactions: meta.compactions,
    tokens_total: meta.tokens.total,
    subagents: { count: meta.subagents.count, tokens_total: meta.subagents.tokens.total },
    top_tools: [...toolCounts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 6)
      .map(([name, count]) => `${name}×${count}`),
    prompts,
    last_reply: lastReply ? clip(lastReply.content, limits.promptChars) : null,
    facets,
  };
}
