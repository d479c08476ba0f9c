import type { UsageMetrics } from '../../analytics/types.js';
import type { InsightEvidence } from '../evidence.js';
import type { Headline } from '../headline.js';
import type { TelemetrySummary } from '../telemetry.js';
import { describeGap, sum } from './chart-gaps.js';
import { type ChartItem, formatNumber, renderBarChart, renderColumnChart } from './charts.js';
import { html, type SafeHtml } from './escape.js';

/** The deterministic charts: tools, activity by day and hour, reply times, errors, tokens, parallel use. */

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

const TOP_TOOLS = 12;

function toolItems(metrics: UsageMetrics): ChartItem[] {
  return metrics.tools.by_tool.slice(0, TOP_TOOLS).map((row) => ({
    label: row.name,
    value: row.calls,
    display:
      row.errors > 0
        ? `${formatNumber(row.calls)} (${formatNumber(row.errors)} failed)`
        : formatNumber(row.calls),
  }));
}

function tokenItems(metrics: UsageMetrics): ChartItem[] {
  const t = metrics.tokens;
  return [
    { label: 'input (fresh)', value: Math.max(0, t.input - t.cached_input) },
    { label: 'input (cached)', value: t.cached_input, tone: 'good' },
    { label: 'output', value: Math.max(0, t.output - t.reasoning) },
    { label: 'reasoning', value: t.reasoning },
  ];
}

function renderTelemetry(telemetry: TelemetrySummary): SafeHtml | null {
  if (!telemetry.available) return null;
  const latency = telemetry.api.latency_ms;
  const decisions = Object.entries(telemetry.tool_decisions.by_decision).sort((a, b) => b[1] - a[1]);
  return html`<figure class="chart" id="chart-telemetry"><figcaption><strong>From telemetry</strong> <span class="muted">${formatNumber(telemetry.events_in_window)} Codex events</span></figcaption>
<table><tbody>
<tr><th scope="row">API requests</th><td>${formatNumber(telemetry.api.requests)}, ${formatNumber(telemetry.api.errors)} failed${telemetry.api.error_rate === null ? '' : ` (${(telemetry.api.error_rate * 100).toFixed(1)}%)`}</td></tr>
<tr><th scope="row">API latency</th><td>${latency ? `median ${formatDuration(latency.p50)}, p90 ${formatDuration(latency.p90)}, max ${formatDuration(latency.max)}` : '—'}</td></tr>
<tr><th scope="row">Tool approvals</th><td>${decisions.length > 0 ? decisions.map(([decision, n]) => `${decision} ${n}`).join(', ') : '—'}</td></tr>
<tr><th scope="row">Tool runs</th><td>${formatNumber(telemetry.tool_results.total)}, ${formatNumber(telemetry.tool_results.failures)} failed</td></tr>
</tbody></table>
${renderBarChart({
  id: 'chart-telemetry-tools',
  title: 'Median tool duration',
  items: telemetry.tool_results.by_tool
    .filter((row) => row.duration_ms !== null)
    .slice(0, 8)
    .map((row) => ({
      label: row.tool,
      value: row.duration_ms?.p50 ?? 0,
      display: formatDuration(row.duration_ms?.p50 ?? 0),
    })),
})}</figure>`;
}

/** Your messages that have a day and an hour: the rest have no timestamp. */
function timedMessagesGap(shown: number, headline: Headline): string | null {
  return describeGap(shown, headline.user_messages, 'your messages', [
    {
      count: headline.user_messages - shown,
      why: 'have no timestamp, so no day or hour (they count in the card)',
    },
  ]);
}

function toolsGap(m: UsageMetrics, headline: Headline): string | null {
  const others = m.tools.by_tool.slice(TOP_TOOLS);
  return describeGap(
    sum(m.tools.by_tool.slice(0, TOP_TOOLS), (row) => row.calls),
    headline.tool_calls,
    'tool calls',
    [
      {
        count: sum(others, (row) => row.calls),
        why: `went to ${others.length} less used tool(s), not drawn`,
      },
    ],
  );
}

export function renderCharts(evidence: InsightEvidence): SafeHtml {
  const m = evidence.metrics;
  const h = evidence.headline;
  const daily = m.calendar.by_day.map((row) => ({ label: row.date.slice(5), value: row.user_messages }));
  const hourly = m.calendar.by_hour.map((row) => ({ label: String(row.hour), value: row.user_messages }));
  const errors = m.errors.by_category.map((row) => ({
    label: row.name.replace(/_/g, ' '),
    value: row.count,
    tone: 'bad' as const,
  }));
  const charts = [
    renderBarChart({
      id: 'chart-tools',
      title: 'Tools Codex used',
      items: toolItems(m),
      gap: toolsGap(m, h),
    }),
    renderBarChart({
      id: 'chart-programs',
      title: 'Programs in shell commands',
      items: m.shell.programs.slice(0, 12).map((row) => ({ label: row.name, value: row.count })),
    }),
    renderColumnChart({
      id: 'chart-daily',
      title: 'Daily activity',
      caption: 'your messages per day',
      items: daily,
      gap: timedMessagesGap(
        sum(daily, (item) => item.value),
        h,
      ),
    }),
    renderColumnChart({
      id: 'chart-hours',
      title: 'Hours of day',
      caption: `your messages, ${m.calendar.time_zone}`,
      items: hourly,
      labelEvery: 3,
      gap: timedMessagesGap(
        sum(hourly, (item) => item.value),
        h,
      ),
    }),
    renderColumnChart({
      id: 'chart-reply-gaps',
      title: 'Your reply time',
      caption: 'from Codex’s last message to your next one',
      items: m.timing.reply_gap_histogram.map((row) => ({ label: row.label, value: row.count })),
      labelEvery: 1,
    }),
    renderBarChart({
      id: 'chart-errors',
      title: 'Tool errors by category',
      items: errors,
      empty: 'No tool errors in this window.',
      gap: describeGap(
        sum(errors, (item) => item.value),
        h.tool_errors,
        'failed tool calls',
      ),
    }),
    renderBarChart({
      id: 'chart-tokens',
      title: 'Tokens',
      items: tokenItems(m),
      gap: describeGap(
        sum(tokenItems(m), (item) => item.value),
        h.tokens_total,
        'tokens',
        [
          {
            count: h.tokens_total - m.tokens.input - m.tokens.output,
            why: 'were reported in totals only, without a split',
          },
        ],
      ),
    }),
    renderBarChart({
      id: 'chart-parallel',
      title: 'Parallel sessions',
      caption: `peak ${m.parallel.peak_concurrency}, ${(m.parallel.parallel_share * 100).toFixed(0)}% of active time with 2+`,
      items: m.parallel.by_concurrency.map((row) => ({
        label: `${row.sessions} open`,
        value: row.ms,
        display: formatDuration(row.ms),
      })),
    }),
    renderTelemetry(evidence.telemetry),
  ];
  return html`<section id="charts"><h2>The numbers</h2><div class="charts">${charts}</div></section>`;
}
