import type { SessionDetail, TranscriptEntry } from '../sessions/types.js';

/**
 * A bounded, redacted-at-source text view of a transcript that a prompt can carry: one line block per
 * entry, each tagged `[#N]` with the entry's rollout line so answers can cite evidence that a person can find.
 * Injected context is left out (Codex already has it), and so are the turns codex-retro itself added by
 * resuming the session (they are not the person's work); when the budget is exceeded the middle is cut.
 */
const PER_KIND_LIMIT: Record<TranscriptEntry['kind'], number> = {
  message: 1_500,
  reasoning: 300,
  tool_call: 600,
  tool_output: 600,
  patch: 800,
  context: 0,
  compaction: 300,
  error: 600,
};

function formatEntry(entry: TranscriptEntry): string | null {
  const limit = PER_KIND_LIMIT[entry.kind];
  if (limit === 0 || entry.codex_retro) return null;
  const labels: string[] = [`#${entry.line}`, entry.role];
  if (entry.kind !== 'message') labels.push(entry.kind);
  if (entry.tool?.name) labels.push(entry.tool.name);
  if (entry.tool?.exit_code !== undefined && entry.tool.exit_code !== null) {
    labels.push(`exit ${entry.tool.exit_code}`);
  }
  if (entry.error_kind) labels.push(entry.error_kind);
  if (entry.inherited) labels.push('inherited');
  const body = entry.kind === 'tool_call' && entry.tool?.arguments ? entry.tool.arguments : entry.content;
  return `[${labels.join(' ')}] ${clip(body.trim(), limit)}`;
}

function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)} …[${text.length - limit} more characters]`;
}

/** Renders the digest within `budget` characters, keeping the start and the end of long sessions. */
export function digestTranscript(detail: SessionDetail, budget = 24_000): string {
  const meta = detail.metadata;
  const header = [
    `Session ${detail.id}${meta.title ? ` — ${JSON.stringify(meta.title.slice(0, 200))}` : ''}`,
    `cwd: ${meta.cwd ?? 'unknown'}; model: ${meta.model || 'unknown'}; user messages: ${meta.user_messages}; tool calls: ${meta.tool_calls}; failed tool calls: ${meta.tool_errors}`,
  ].join('\n');
  const blocks = detail.messages.map(formatEntry).filter((b): b is string => b !== null);
  const total = blocks.reduce((sum, b) => sum + b.length + 1, 0);
  if (total <= budget) return `${header}\n\n${blocks.join('\n')}`;

  const headBudget = Math.floor(budget / 3);
  const head: string[] = [];
  let used = 0;
  for (const block of blocks) {
    if (used + block.length + 1 > headBudget) break;
    head.push(block);
    used += block.length + 1;
  }
  const tail: string[] = [];
  used = 0;
  for (let i = blocks.length - 1; i >= head.length; i--) {
    const block = blocks[i]!;
    if (used + block.length + 1 > budget - headBudget) break;
    tail.unshift(block);
    used += block.length + 1;
  }
  const omitted = blocks.length - head.length - tail.length;
  return `${header}\n\n${head.join('\n')}\n[… ${omitted} entries omitted to keep this short …]\n${tail.join('\n')}`;
}

/** The entry numbers a digest could cite, to check answers against. */
export function listEntryRefs(detail: SessionDetail): Set<number> {
  return new Set(detail.messages.filter((m) => m.kind !== 'context' && !m.codex_retro).map((m) => m.line));
}
