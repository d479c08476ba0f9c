import type { ReportGuidance } from '../guidance-changes.js';
import type { ReportChanges } from '../history.js';
import { formatNumber } from './charts.js';
import { html, type SafeHtml } from './escape.js';
import { renderGuidanceChanges } from './guidance-view.js';
import { renderSection } from './parts.js';

function show(key: string, value: number | null): string {
  if (value === null) return '—';
  if (key === 'cost_usd') return value > 0 && value < 0.005 ? '<$0.01' : `$${value.toFixed(2)}`;
  return key === 'tool_error_rate' ? `${(value * 100).toFixed(1)}%` : formatNumber(value);
}

/** Lower is better for errors and failures; for the rest a change is just a change. */
const LOWER_IS_BETTER = new Set(['tool_errors', 'tool_error_rate', 'failed_turns']);

function renderDelta(key: string, before: number | null, now: number | null): SafeHtml {
  if (before === null || now === null || before === now) return html`<span class="muted">=</span>`;
  const up = now > before;
  const better = LOWER_IS_BETTER.has(key) ? !up : null;
  const className = better === null ? '' : better ? 'up' : 'down';
  const diff =
    key === 'tool_error_rate'
      ? `${((now - before) * 100).toFixed(1)} pts`
      : key === 'cost_usd'
        ? `$${Math.abs(now - before).toFixed(2)}`
        : formatNumber(now - before);
  return html`<span class="${className}">${up ? '▲ +' : '▼ '}${diff}</span>`;
}

/** The headline numbers against the previous report, and the changes to guidance made in the window. */
export function renderChanges(changes: ReportChanges | null, guidance?: ReportGuidance): SafeHtml {
  const guidanceBlock = renderGuidanceChanges(guidance);
  if (!changes) {
    return renderSection(
      'changes',
      'What changed since the previous report',
      html`<p class="muted">This is the first report here, so there is nothing to compare with yet.</p>${guidanceBlock}`,
    );
  }
  const rows = changes.metrics.map(
    (row) =>
      html`<tr><th scope="row">${row.label}</th><td>${show(row.key, row.before)}</td><td>${show(row.key, row.now)}</td><td>${renderDelta(row.key, row.before, row.now)}</td></tr>`,
  );
  const projects = (label: string, list: string[]) =>
    list.length > 0
      ? html`<p><strong>${label}:</strong> ${list.map((p) => html`<span class="chip">${p}</span>`)}</p>`
      : null;
  return renderSection(
    'changes',
    'What changed since the previous report',
    html`<p class="muted">Compared with the report of ${changes.previous_generated_at.slice(0, 16).replace('T', ' ')} (${changes.previous_window.since.slice(0, 10)} → ${changes.previous_window.until.slice(0, 10)}).</p>
<div class="changes"><table><thead><tr><th></th><th>Before</th><th>Now</th><th>Change</th></tr></thead><tbody>${rows}</tbody></table></div>
${projects('New projects', changes.new_projects)}${projects('Projects not seen this time', changes.gone_projects)}${guidanceBlock}`,
  );
}
