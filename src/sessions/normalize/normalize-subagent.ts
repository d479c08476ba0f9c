import { ID_PATTERNS } from '../../ids.js';
import type { SessionMetaPayload } from '../scan/records.js';
import type { SubagentInfo } from '../types.js';

/**
 * Whether a rollout is a subagent's, and whose, from its first `session_meta`. Codex writes it in three ways:
 * - `source: {"subagent": {"thread_spawn": {parent_thread_id, depth, agent_nickname?, agent_role?}}}` (0.130,
 *   0.169), with `agent_nickname`/`agent_role` also at the top of the payload;
 * - `source: {"subagent": "review" | "compact" | "memory_consolidation"}` or `{"subagent": {"other": …}}`:
 *   a subagent with no parent thread recorded;
 * - `parent_thread_id` at the top of the payload (older releases), and `thread_source: "subagent"` (0.169).
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A thread id, or null for anything that is not one (the id is used to link and to look up sessions). */
function threadId(value: unknown): string | null {
  const id = text(value)?.toLowerCase() ?? null;
  return id && ID_PATTERNS.session.test(id) ? id : null;
}

export function describeSubagent(
  meta: SessionMetaPayload,
): { info: SubagentInfo; parent: string | null } | null {
  let kind: string | null = null;
  let parent: string | null = null;
  let depth: number | null = null;
  let nickname = text(meta.agent_nickname);
  let role = text(meta.agent_role);
  const source = isObject(meta.source) ? meta.source.subagent : undefined;
  if (typeof source === 'string') kind = source;
  else if (isObject(source)) {
    const spawn = source.thread_spawn;
    if (isObject(spawn)) {
      kind = 'thread_spawn';
      parent = threadId(spawn.parent_thread_id);
      depth = typeof spawn.depth === 'number' && Number.isFinite(spawn.depth) ? spawn.depth : null;
      nickname ??= text(spawn.agent_nickname);
      role ??= text(spawn.agent_role) ?? text(spawn.agent_type);
    } else kind = Object.keys(source)[0] ?? 'other';
  }
  parent ??= threadId(meta.parent_thread_id);
  if (parent) kind ??= 'thread_spawn';
  if (meta.thread_source === 'subagent') kind ??= 'subagent';
  if (kind === null) return null;
  return { info: { kind, depth, nickname, role }, parent };
}
