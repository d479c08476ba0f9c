import { addTokens, zeroTokens } from './token-totals.js';
import type { SessionSummary, SubagentSummary, SubagentTotals } from './types.js';

/**
 * Subagents under the sessions that spawned them, from the `parent_thread_id` each subagent rollout names.
 * A subagent's tokens are its own (Codex counts each thread apart), so a parent's `subagents.tokens` is what
 * they added beside the parent's own `tokens`, and adding the two counts nothing twice.
 */

export type SubagentTree = SubagentTotals & { sessions: SubagentSummary[] };

function describe(child: SessionSummary, parent: string): SubagentSummary {
  return {
    id: child.id,
    title: child.title,
    parent_thread_id: parent,
    depth: child.subagent?.depth ?? null,
    nickname: child.subagent?.nickname ?? null,
    role: child.subagent?.role ?? null,
    started_at: child.started_at,
    updated_at: child.updated_at,
    tokens: { ...child.tokens },
  };
}

/** Children by parent id, each list in the order the children started. */
function childrenByParent(sessions: readonly SessionSummary[]): Map<string, SessionSummary[]> {
  const children = new Map<string, SessionSummary[]>();
  for (const session of sessions) {
    const parent = session.parent_thread_id;
    if (!parent || parent === session.id) continue;
    const list = children.get(parent) ?? [];
    list.push(session);
    children.set(parent, list);
  }
  for (const list of children.values())
    list.sort((a, b) => (a.started_at ?? '').localeCompare(b.started_at ?? '') || a.id.localeCompare(b.id));
  return children;
}

/** The subagents below every session that has any: direct ones counted apart, all of them listed. */
export function linkSubagents(sessions: readonly SessionSummary[]): Map<string, SubagentTree> {
  const children = childrenByParent(sessions);
  const trees = new Map<string, SubagentTree>();
  for (const root of children.keys()) {
    const tree: SubagentTree = {
      count: children.get(root)?.length ?? 0,
      descendants: 0,
      tokens: zeroTokens(),
      sessions: [],
    };
    // Depth first, in start order; a cycle (ids reused by hand-edited files) is walked once.
    const seen = new Set<string>([root]);
    const stack = [...(children.get(root) ?? [])].reverse();
    while (stack.length > 0) {
      const child = stack.pop() as SessionSummary;
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      tree.descendants++;
      addTokens(tree.tokens, child.tokens);
      tree.sessions.push(describe(child, child.parent_thread_id as string));
      stack.push(...[...(children.get(child.id) ?? [])].reverse());
    }
    trees.set(root, tree);
  }
  return trees;
}

export function noSubagents(): SubagentTree {
  return { count: 0, descendants: 0, tokens: zeroTokens(), sessions: [] };
}
