import { html, type SafeHtml } from './escape.js';

/** Inline SVG charts: no script, no external anything; colours come from CSS variables. */

export interface ChartItem {
  label: string;
  value: number;
  /** Shown instead of the raw value, e.g. "1.2k" or "38%". */
  display?: string;
  tone?: 'default' | 'bad' | 'good';
}

interface ChartOptions {
  id: string;
  title: string;
  caption?: string;
  items: ChartItem[];
  empty?: string;
  /** Said under the chart when its bars do not add up to the card they break down (see chart-gaps.ts). */
  gap?: string | null;
}

export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function frame(options: ChartOptions, body: SafeHtml | null): SafeHtml {
  return html`<figure class="chart" id="${options.id}">
<figcaption><strong>${options.title}</strong>${options.caption ? html` <span class="muted">${options.caption}</span>` : null}</figcaption>
${body ?? html`<p class="empty">${options.empty ?? 'No data in this window.'}</p>`}
${options.gap ? html`<p class="gap">${options.gap}</p>` : null}
</figure>`;
}

/** Horizontal bars, one row per item: for ranked lists (tools, error categories, projects). */
export function renderBarChart(options: ChartOptions): SafeHtml {
  const items = options.items.filter((item) => item.value > 0);
  if (items.length === 0) return frame(options, null);
  const max = Math.max(...items.map((item) => item.value));
  const rowHeight = 22;
  const labelWidth = 150;
  const width = 520;
  // Room for the longest value label after its bar (about 6.5 px per character at 11 px).
  const valueWidth =
    Math.max(...items.map((item) => (item.display ?? formatNumber(item.value)).length)) * 6.5 + 10;
  const barSpace = Math.max(60, width - labelWidth - valueWidth);
  const height = items.length * rowHeight + 4;
  const rows = items.map((item, i) => {
    const y = i * rowHeight + 2;
    const barWidth = Math.max(2, Math.round((item.value / max) * barSpace));
    const label = item.label.length > 22 ? `${item.label.slice(0, 21)}…` : item.label;
    return html`<g><title>${item.label}: ${item.display ?? formatNumber(item.value)}</title>
<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" class="axis">${label}</text>
<rect x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="${rowHeight - 7}" rx="3" class="bar ${item.tone ?? 'default'}"></rect>
<text x="${labelWidth + barWidth + 5}" y="${y + 15}" class="value">${item.display ?? formatNumber(item.value)}</text></g>`;
  });
  return frame(
    options,
    html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${options.title}" preserveAspectRatio="xMinYMin meet">${rows}</svg>`,
  );
}

/** Vertical columns in a fixed order: for series (days, hours, histogram buckets). */
export function renderColumnChart(options: ChartOptions & { labelEvery?: number }): SafeHtml {
  const items = options.items;
  if (items.length === 0 || items.every((item) => item.value <= 0)) return frame(options, null);
  const max = Math.max(...items.map((item) => item.value));
  const width = 520;
  const plotHeight = 120;
  const height = plotHeight + 34;
  const slot = (width - 10) / items.length;
  // A lone day should not fill the whole chart.
  const columnWidth = Math.min(slot * 0.76, 44);
  const every = options.labelEvery ?? Math.max(1, Math.ceil(items.length / 12));
  const columns = items.map((item, i) => {
    const x = 5 + i * slot;
    const h = item.value > 0 ? Math.max(2, Math.round((item.value / max) * plotHeight)) : 0;
    const labelShown = i % every === 0;
    return html`<g><title>${item.label}: ${item.display ?? formatNumber(item.value)}</title>
<rect x="${(x + (slot - columnWidth) / 2).toFixed(1)}" y="${plotHeight - h + 14}" width="${columnWidth.toFixed(1)}" height="${h}" rx="2" class="bar ${item.tone ?? 'default'}"></rect>
${item.value > 0 && items.length <= 16 ? html`<text x="${(x + slot / 2).toFixed(1)}" y="${plotHeight - h + 10}" text-anchor="middle" class="value">${item.display ?? formatNumber(item.value)}</text>` : null}
${labelShown ? html`<text x="${(x + slot / 2).toFixed(1)}" y="${height - 4}" text-anchor="middle" class="axis">${item.label}</text>` : null}</g>`;
  });
  return frame(
    options,
    html`<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${options.title}" preserveAspectRatio="xMinYMin meet"><line x1="0" y1="${plotHeight + 14}" x2="${width}" y2="${plotHeight + 14}" class="baseline"></line>${columns}</svg>`,
  );
}
