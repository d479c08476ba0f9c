import type { InsightEvidence } from '../evidence.js';
import { formatNumber } from './charts.js';
import { html, type SafeHtml } from './escape.js';
import { renderSection } from './parts.js';

/** The sessions Codex was shown, so every cited id in the report leads somewhere. */
export function renderSessions(evidence: InsightEvidence): SafeHtml {
  const rows = evidence.sessions.map(
    (session) => html`<tr id="session-${session.id}"><td><code>${session.id.slice(0, 13)}…</code></td>
<td>${session.title}</td><td>${(session.started_at ?? '').slice(0, 16).replace('T', ' ')}</td>
<td>${session.repo ?? session.cwd ?? ''}</td><td>${session.facets?.goal ?? '—'}</td><td>${session.facets?.outcome ?? '—'}</td><td>${formatNumber(session.user_messages)}</td><td>${formatNumber(session.tool_calls)}</td><td>${formatNumber(session.tool_errors)}</td></tr>`,
  );
  const body =
    rows.length > 0
      ? html`<div class="table-scroll"><table><thead><tr><th>Session</th><th>Title</th><th>Started</th><th>Project</th><th>Goal</th><th>Outcome</th><th>Msgs</th><th>Tools</th><th>Errors</th></tr></thead><tbody>${rows}</tbody></table></div>`
      : html`<p class="empty">No session summaries in the evidence.</p>`;
  return renderSection('sessions', 'Sessions behind this report', body);
}
