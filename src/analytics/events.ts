import type { AnalyzedSession } from './prepare.js';
import { Counter } from './stats.js';
import type { EventMetrics } from './types.js';

/** Interruptions, compactions, forks, failed turns and the errors Codex recorded. */
export function computeEvents(sessions: AnalyzedSession[]): EventMetrics {
  let interruptions = 0;
  let compactions = 0;
  let forks = 0;
  let failedTurns = 0;
  const errors = new Counter();
  for (const session of sessions) {
    if (session.meta.forked_from_id) forks++;
    let abortedEvents = 0;
    for (const entry of session.entries) {
      if (entry.kind === 'compaction') compactions++;
      else if (entry.kind === 'error') {
        const kind = entry.error_kind ?? 'error';
        errors.add(kind);
        if (kind === 'turn_aborted') abortedEvents++;
      }
    }
    let abortedTurns = 0;
    for (const turn of session.turns) {
      if (turn.status === 'aborted') abortedTurns++;
      else if (turn.status === 'failed') failedTurns++;
    }
    // An interrupted turn may show up as an aborted turn, a turn_aborted event, or both: count it once.
    interruptions += Math.max(abortedEvents, abortedTurns);
  }
  return { interruptions, compactions, forks, failed_turns: failedTurns, errors_by_kind: errors.rows() };
}
