import { isError } from './errors.js';
import { compareText } from './stats.js';
import type { ToolCallRecord } from './tool-calls.js';
import type { ToolMetrics, ToolRow } from './types.js';

/** Tool calls by tool: how many, how many failed, in how many sessions, and the recorded time. */
export function computeToolMetrics(calls: ToolCallRecord[]): ToolMetrics {
  const rows = new Map<string, ToolRow & { sessionIds: Set<string> }>();
  for (const call of calls) {
    let row = rows.get(call.name);
    if (!row) {
      row = { name: call.name, calls: 0, errors: 0, sessions: 0, duration_ms: 0, sessionIds: new Set() };
      rows.set(call.name, row);
    }
    row.calls++;
    if (isError(call.outcome)) row.errors++;
    row.sessionIds.add(call.session_id);
    const duration = call.output?.tool?.duration_ms;
    if (typeof duration === 'number' && duration >= 0) row.duration_ms += duration;
  }
  const byTool = [...rows.values()]
    .map(({ sessionIds, ...row }) => ({ ...row, sessions: sessionIds.size }))
    .sort((a, b) => b.calls - a.calls || compareText(a.name, b.name));
  return { calls: calls.length, by_tool: byTool };
}
