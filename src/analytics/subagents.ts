import type { AnalyzedSession } from './prepare.js';
import { Counter } from './stats.js';
import type { SubagentMetrics } from './types.js';

/**
 * Subagent sessions (Codex working on another agent's behalf) are not sessions of the person: they are
 * counted here, under the sessions that spawned them, and their tokens in the token totals.
 */
export function computeSubagents(subagents: AnalyzedSession[], sessions: AnalyzedSession[]): SubagentMetrics {
  const ids = new Set(sessions.map((session) => session.id));
  const agentIds = new Set(subagents.map((agent) => agent.id));
  const parents = new Set<string>();
  const kinds = new Counter();
  let withoutParent = 0;
  let toolCalls = 0;
  let failed = 0;
  let aborted = 0;
  for (const agent of subagents) {
    kinds.add(agent.meta.subagent?.kind ?? 'subagent');
    const parent = agent.meta.parent_thread_id;
    if (parent && ids.has(parent)) parents.add(parent);
    else if (!parent || !agentIds.has(parent)) withoutParent++;
    toolCalls += agent.entries.filter((entry) => entry.kind === 'tool_call').length;
    for (const turn of agent.turns) {
      if (turn.status === 'failed') failed++;
      else if (turn.status === 'aborted') aborted++;
    }
  }
  return {
    sessions: subagents.length,
    parents: parents.size,
    without_parent: withoutParent,
    tool_calls: toolCalls,
    failed_turns: failed,
    aborted_turns: aborted,
    by_kind: kinds.rows(),
  };
}
