import type { TranscriptEntry } from '../sessions/types.js';
import { classifyOutcome, type Outcome } from './errors.js';
import type { AnalyzedSession } from './prepare.js';

/** One tool call with what answered it: its output, its patch, and how it ended. */
export interface ToolCallRecord {
  session_id: string;
  name: string;
  call: TranscriptEntry;
  output: TranscriptEntry | null;
  patch: TranscriptEntry | null;
  outcome: Outcome;
}

/**
 * Pairs each own tool call with its output and patch by call_id. A call left without output when
 * its turn was aborted (a `turn_aborted` error follows before the next typed message, or the last
 * turn ended aborted) counts as aborted.
 */
export function collectToolCalls(session: AnalyzedSession): ToolCallRecord[] {
  const records: ToolCallRecord[] = [];
  const byCallId = new Map<string, ToolCallRecord>();
  let waiting: ToolCallRecord[] = [];
  const abortWaiting = (): void => {
    for (const record of waiting) if (record.output === null) record.outcome = 'aborted';
    waiting = [];
  };
  for (const entry of session.entries) {
    if (entry.kind === 'tool_call') {
      const record: ToolCallRecord = {
        session_id: session.id,
        name: entry.tool?.name ?? '(unknown)',
        call: entry,
        output: null,
        patch: null,
        outcome: 'no_output',
      };
      records.push(record);
      waiting.push(record);
      if (entry.tool?.call_id) byCallId.set(entry.tool.call_id, record);
    } else if (entry.kind === 'tool_output') {
      const record = entry.tool?.call_id ? byCallId.get(entry.tool.call_id) : undefined;
      if (record && record.output === null) record.output = entry;
    } else if (entry.kind === 'patch') {
      const record = entry.tool?.call_id ? byCallId.get(entry.tool.call_id) : undefined;
      if (record) record.patch = entry;
    } else if (entry.kind === 'error' && entry.error_kind === 'turn_aborted') {
      abortWaiting();
    } else if (entry.kind === 'message' && entry.role === 'user') {
      waiting = [];
    }
  }
  if (session.turns.at(-1)?.status === 'aborted') abortWaiting();
  for (const record of records) {
    if (record.outcome !== 'aborted') record.outcome = classifyOutcome(record.output, record.patch);
  }
  return records;
}
