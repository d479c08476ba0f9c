import { RetroError } from '../errors.js';
import type { SessionDetail } from '../sessions/types.js';
import { computeCalendar } from './calendar.js';
import { computeCoverage } from './coverage.js';
import { computeErrorMetrics } from './errors.js';
import { computeEvents } from './events.js';
import { computeOriginators } from './originators.js';
import { computeParallel } from './parallel.js';
import { computePatches } from './patches.js';
import { type AnalyzedSession, prepareSession } from './prepare.js';
import { computeProjects } from './projects.js';
import { computeSessionMetrics } from './sessions.js';
import { computeShellMetrics } from './shell.js';
import { compareText } from './stats.js';
import { computeSubagents } from './subagents.js';
import { computeTiming } from './timing.js';
import { computeModels, computeTokens } from './tokens.js';
import { collectToolCalls } from './tool-calls.js';
import { computeToolMetrics } from './tools.js';
import type { ComputeMetricsOptions, ExcludedSession, UsageMetrics } from './types.js';

export type { UsageMetrics } from './types.js';

function checkDate(name: string, date: Date): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RetroError('invalid_window', `The ${name} date is not a valid date; pass a real instant.`, {
      status: 400,
    });
  }
}

/**
 * Sessions that take part: one copy per id (a rollout can be both live and archived), with some own
 * activity inside the window. The rest go to `excluded` with the reason, never silently.
 */
function selectSessions(
  details: SessionDetail[],
  since: number,
  until: number,
): { analyzed: AnalyzedSession[]; excluded: ExcludedSession[] } {
  const analyzed: AnalyzedSession[] = [];
  const excluded: ExcludedSession[] = [];
  const seen = new Map<string, string>();
  for (const detail of details) {
    const path = detail.metadata.path;
    const earlier = seen.get(detail.id);
    if (earlier !== undefined) {
      excluded.push({ id: detail.id, path, reason: `duplicate of ${earlier}` });
      continue;
    }
    seen.set(detail.id, path);
    const session = prepareSession(detail);
    if (session.start !== null && session.end !== null && (session.end < since || session.start > until)) {
      excluded.push({ id: detail.id, path, reason: 'no activity inside the report window' });
      continue;
    }
    analyzed.push(session);
  }
  analyzed.sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || compareText(a.id, b.id));
  return { analyzed, excluded };
}

/**
 * Every deterministic number of the usage report, from parsed sessions. Pure: the clock and the time
 * zone come in as options. Sessions are counted whole when any of their activity is in the window.
 */
export function computeMetrics(sessions: SessionDetail[], options: ComputeMetricsOptions): UsageMetrics {
  checkDate('now', options.now);
  checkDate('since', options.since);
  checkDate('until', options.until);
  if (options.since.getTime() > options.until.getTime()) {
    throw new RetroError('invalid_window', 'The window starts after it ends; pass since ≤ until.', {
      status: 400,
    });
  }
  // Subagent sessions are Codex working for another session: never counted as sessions of the person.
  const since = options.since.getTime();
  const until = options.until.getTime();
  const { analyzed, excluded } = selectSessions(
    sessions.filter((session) => !session.metadata.subagent),
    since,
    until,
  );
  const agents = selectSessions(
    sessions.filter((session) => session.metadata.subagent),
    since,
    until,
  ).analyzed;
  const allExcluded = [...(options.excluded ?? []), ...excluded];
  const calls = analyzed.flatMap(collectToolCalls);
  const calendar = computeCalendar(analyzed, options.timeZone);
  return {
    schema_version: 1,
    window: {
      since: options.since.toISOString(),
      until: options.until.toISOString(),
      time_zone: options.timeZone,
      generated_at: options.now.toISOString(),
    },
    coverage: computeCoverage(analyzed, allExcluded, options.found),
    sessions: computeSessionMetrics(analyzed, calendar.by_day.length),
    tools: computeToolMetrics(calls),
    shell: computeShellMetrics(calls),
    errors: computeErrorMetrics(calls),
    timing: computeTiming(analyzed, calls),
    parallel: computeParallel(analyzed),
    tokens: computeTokens(analyzed, agents),
    models: computeModels(analyzed),
    originators: computeOriginators(analyzed),
    projects: computeProjects(analyzed),
    calendar,
    patches: computePatches(analyzed),
    events: computeEvents(analyzed),
    subagents: computeSubagents(agents, analyzed),
  };
}
