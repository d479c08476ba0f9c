import type { AnalyzedSession } from './prepare.js';
import { Counter } from './stats.js';
import type { EventMetrics } from './types.js';

/** Interruptions, compactions, forks, failed turns and the errors Codex recorded. */
export function computeEvents(sessions: AnalyzedSession[]): EventMetrics {
  let interruptions = 0;
  let compactions = 0;
  let forks = 0;
  let failedTurns = 0;
  let approvalTurns = 0;
  let withFriction = 0;
  const errors = new Counter();
  const waits = new Counter();
  for (const session of sessions) {
    if (session.meta.forked_from_id) forks++;
    let abortedEvents = 0;
    let waited = 0;
    for (const entry of session.entries) {
      if (entry.approval_wait) waits.add(entry.approval_wait);
      if (entry.kind === 'compaction') compactions++;
      else if (entry.kind === 'error') {
        const kind = entry.error_kind ?? 'error';
        errors.add(kind);
        if (kind === 'turn_aborted') abortedEvents++;
      }
    }
    let abortedTurns = 0;
    let failed = 0;
    for (const turn of session.turns) {
      if (turn.status === 'aborted') abortedTurns++;
      else if (turn.status === 'failed') failed++;
      if ((turn.approval_waits ?? 0) > 0) waited++;
    }
    // A release without turns still records the calls it waited with: each counts as its own turn.
    if (session.turns.length === 0) waited = session.entries.filter((entry) => entry.approval_wait).length;
    failedTurns += failed;
    approvalTurns += waited;
    // An interrupted turn may show up as an aborted turn, a turn_aborted event, or both: count it once.
    const interrupted = Math.max(abortedEvents, abortedTurns);
    interruptions += interrupted;
    if (failed + interrupted + waited > 0) withFriction++;
  }
  return {
    interruptions,
    compactions,
    forks,
    failed_turns: failedTurns,
    errors_by_kind: errors.rows(),
    approval_turns: approvalTurns,
    approval_waits: waits.rows(),
    sessions_with_friction: withFriction,
  };
}
