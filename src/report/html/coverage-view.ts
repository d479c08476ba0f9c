import type { InsightEvidence } from '../evidence.js';
import type { Insights } from '../writer-contract.js';
import { formatNumber } from './charts.js';
import { html, type SafeHtml } from './escape.js';
import { renderSection } from './parts.js';

/** What the report could and could not see: counts, files left out, telemetry, every limitation. */
export function renderCoverage(evidence: InsightEvidence, insights: Insights): SafeHtml {
  const coverage = evidence.coverage;
  const limitations = [...new Set([...insights.metadata.limitations, ...evidence.limitations])].filter(
    (line) => line.trim() !== '',
  );
  const excluded = evidence.metrics.coverage.excluded;
  const parseIssues = Object.entries(coverage.parse_issue_counts);
  const telemetry = evidence.telemetry;
  const rows: [string, string][] = [
    ['Window', `${evidence.window.since} → ${evidence.window.until} (${evidence.window.time_zone})`],
    ['Sessions found', formatNumber(coverage.sessions_found)],
    ['Sessions analyzed', formatNumber(coverage.sessions_analyzed)],
    ['Sessions summarized for Codex', formatNumber(coverage.sessions_summarized)],
    [
      'Files with parse problems',
      parseIssues.length === 0
        ? 'none'
        : `${coverage.files_with_parse_issues} (${parseIssues.map(([kind, n]) => `${n} ${kind.replace(/_/g, ' ')}`).join(', ')})`,
    ],
    [
      'Telemetry',
      telemetry.available
        ? `${formatNumber(telemetry.events_in_window)} events from ${telemetry.source}`
        : `not available (${telemetry.source})`,
    ],
    [
      'Evidence size',
      `${formatNumber(evidence.bounds.bytes)} bytes (cap ${formatNumber(evidence.bounds.max_bytes)})`,
    ],
  ];
  return renderSection(
    'coverage',
    'Coverage and limitations',
    html`<table><tbody>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`)}</tbody></table>
<h3>Limitations</h3>
${limitations.length > 0 ? html`<ul class="limits">${limitations.map((line) => html`<li>${line}</li>`)}</ul>` : html`<p class="muted">None stated.</p>`}
${
  excluded.length > 0
    ? html`<h3>Left out of the analysis</h3><table><thead><tr><th>Session</th><th>Reason</th></tr></thead><tbody>${excluded
        .slice(0, 50)
        .map(
          (item) => html`<tr><td title="${item.path}">${item.id}</td><td>${item.reason}</td></tr>`,
        )}</tbody></table>${excluded.length > 50 ? html`<p class="muted">…and ${excluded.length - 50} more.</p>` : null}`
    : null
}`,
  );
}
