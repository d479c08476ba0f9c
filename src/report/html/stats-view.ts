import type { InsightEvidence } from '../evidence.js';
import { formatNumber } from './charts.js';
import { html, type SafeHtml } from './escape.js';

function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)}s`;
  if (minutes < 90) return `${Math.round(minutes)}m`;
  return `${(minutes / 60).toFixed(1)}h`;
}

/** `$12.34`; `$12.34+` when some model has no price; `—` when none has (or an older report kept no cost). */
function formatCostStat(usd: number | null | undefined, unpriced: string[] | undefined): string {
  if (usd === null || usd === undefined) return '—';
  if (usd > 0 && usd < 0.005) return `<$0.01${unpriced && unpriced.length > 0 ? '+' : ''}`;
  return `$${usd.toFixed(2)}${unpriced && unpriced.length > 0 ? '+' : ''}`;
}

/** Whose prices of which date, and what they leave out (a report written before costs were kept has neither). */
function costLabel(evidence: InsightEvidence): string {
  const cost = evidence.metrics.tokens.cost as InsightEvidence['metrics']['tokens']['cost'] | undefined;
  if (!cost?.pricing_date) return 'USD at list prices';
  const unpriced = cost.missing_models.length > 0 ? `; no price for ${cost.missing_models.join(', ')}` : '';
  return `USD at list prices of ${cost.pricing_date}${unpriced}`;
}

/** The row of headline numbers at the top of the report. */
export function renderStats(evidence: InsightEvidence): SafeHtml {
  const h = evidence.headline;
  const api = evidence.telemetry.available ? evidence.telemetry.api : null;
  const stats: [string, string][] = [
    [formatNumber(h.sessions), 'sessions'],
    [formatNumber(h.active_days), 'active days'],
    [formatNumber(h.user_messages), 'your messages'],
    [formatNumber(h.tool_calls), 'tool calls'],
    [h.tool_error_rate === null ? '—' : `${(h.tool_error_rate * 100).toFixed(1)}%`, 'tool calls failed'],
    [formatMinutes(h.session_minutes), 'in sessions'],
    [formatNumber(h.tokens_total), 'tokens'],
    [formatCostStat(h.cost_usd, h.cost_unpriced), costLabel(evidence)],
    [formatNumber(h.projects.length), 'projects'],
    [`+${formatNumber(h.lines_added ?? 0)} −${formatNumber(h.lines_removed ?? 0)}`, 'lines added / removed'],
    [formatNumber(h.files_changed ?? 0), 'files changed'],
  ];
  if (api && api.error_rate !== null)
    stats.push([`${(api.error_rate * 100).toFixed(1)}%`, 'API requests failed']);
  return html`<div class="stats" id="stats">${stats.map(([value, label]) => html`<div class="stat"><b>${value}</b><span>${label}</span></div>`)}</div>`;
}
