import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InsightEvidence } from './evidence.js';
import type { Headline } from './headline.js';
import { listRunDirs, REPORT_FILE_NAMES } from './paths.js';

/** What moved since the previous report: each headline number before and now, and projects that came and went. */
export interface ReportChanges {
  previous_generated_at: string;
  previous_window: { since: string; until: string };
  metrics: { key: keyof Headline; label: string; before: number | null; now: number | null }[];
  new_projects: string[];
  gone_projects: string[];
}

const COMPARED: [Exclude<keyof Headline, 'projects' | 'cost_unpriced'>, string][] = [
  ['sessions', 'Sessions'],
  ['active_days', 'Active days'],
  ['user_messages', 'Your messages'],
  ['tool_calls', 'Tool calls'],
  ['tool_errors', 'Tool errors'],
  ['tool_error_rate', 'Tool error rate'],
  ['failed_turns', 'Failed turns'],
  ['session_minutes', 'Session minutes'],
  ['tokens_total', 'Tokens'],
  ['cost_usd', 'Cost (USD)'],
  ['lines_added', 'Lines added'],
  ['lines_removed', 'Lines removed'],
  ['files_changed', 'Files changed'],
];

function readHeadline(evidence: unknown): Headline | null {
  const headline = (evidence as { headline?: unknown } | null)?.headline;
  return headline && typeof headline === 'object' ? (headline as Headline) : null;
}

/**
 * The newest earlier report's evidence: the latest run folder holding a report.html whose bundle was
 * generated before `before`.
 * Unreadable folders are passed over; a report with no predecessor has nothing to compare.
 */
export async function findPreviousEvidence(
  usageDir: string,
  before: string,
): Promise<InsightEvidence | null> {
  for (const dir of await listRunDirs(usageDir)) {
    try {
      // Only a run that ended in a report counts: a failed or prepare-only run has nothing to compare with.
      await access(join(dir, REPORT_FILE_NAMES.html));
      const evidence = JSON.parse(
        await readFile(join(dir, REPORT_FILE_NAMES.evidence), 'utf8'),
      ) as InsightEvidence;
      if (
        typeof evidence.generated_at === 'string' &&
        evidence.generated_at < before &&
        readHeadline(evidence)
      ) {
        return evidence;
      }
    } catch {
      // No report.html or no readable bundle: not a report to compare with.
    }
  }
  return null;
}

export function compareReports(previous: InsightEvidence, current: InsightEvidence): ReportChanges | null {
  const before = readHeadline(previous);
  const now = readHeadline(current);
  if (!before || !now) return null;
  const beforeProjects = new Set(before.projects ?? []);
  const nowProjects = new Set(now.projects ?? []);
  return {
    previous_generated_at: previous.generated_at,
    previous_window: { since: previous.window.since, until: previous.window.until },
    metrics: COMPARED.map(([key, label]) => ({
      key,
      label,
      before: typeof before[key] === 'number' ? before[key] : null,
      now: typeof now[key] === 'number' ? now[key] : null,
    })),
    new_projects: [...nowProjects].filter((p) => !beforeProjects.has(p)).sort(),
    gone_projects: [...beforeProjects].filter((p) => !nowProjects.has(p)).sort(),
  };
}
