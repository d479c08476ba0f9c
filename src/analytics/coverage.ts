import type { AnalyzedSession } from './prepare.js';
import { Counter } from './stats.js';
import type { CoverageMetrics, ExcludedSession } from './types.js';

/** What the metrics rest on: sessions found, analyzed, and each one left out with its reason. */
export function computeCoverage(
  analyzed: AnalyzedSession[],
  excluded: ExcludedSession[],
  found: number | undefined,
): CoverageMetrics {
  const reasons = new Counter();
  for (const item of excluded) reasons.add(item.reason);
  const issues = new Counter();
  let filesWithIssues = 0;
  let inherited = 0;
  let untimed = 0;
  for (const session of analyzed) {
    const counts = Object.entries(session.meta.parse_issues.counts);
    if (counts.some(([, n]) => (n ?? 0) > 0)) filesWithIssues++;
    for (const [kind, n] of counts) if (n) issues.add(kind, n);
    inherited += session.inherited_entries;
    if (session.start === null) untimed++;
  }
  return {
    sessions_found: Math.max(found ?? 0, analyzed.length + excluded.length),
    sessions_analyzed: analyzed.length,
    excluded,
    excluded_by_reason: reasons.rows(),
    files_with_parse_issues: filesWithIssues,
    parse_issues: issues.rows(),
    inherited_entries: inherited,
    sessions_without_timestamps: untimed,
  };
}
