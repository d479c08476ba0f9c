import type { CountRow } from '../../analytics/types.js';
import type { InsightEvidence } from '../evidence.js';
import { describeGap, sum } from './chart-gaps.js';
import { type ChartItem, formatNumber, renderBarChart } from './charts.js';
import { html, type SafeHtml } from './escape.js';
import { renderSection } from './parts.js';

/** What Codex read in each session, counted: goals, outcomes, how the person seemed, session types, friction. */

const OUTCOME_LABELS: Record<string, [string, ChartItem['tone']]> = {
  achieved: ['achieved', 'good'],
  partly: ['partly achieved', 'default'],
  not: ['not achieved', 'bad'],
  unclear: ['unclear', 'default'],
};

function items(rows: CountRow[], tone?: ChartItem['tone']): ChartItem[] {
  return rows.map((row) => ({
    label: row.name.replace(/_/g, ' '),
    value: row.count,
    ...(tone ? { tone } : {}),
  }));
}

export function renderFacets(evidence: InsightEvidence): SafeHtml {
  const summary = evidence.facet_summary;
  const total = evidence.headline.sessions;
  const withFacets = summary.sessions_with_facets;
  const known = summary.missing_by_reason.map((row) => ({
    count: row.count,
    why: `have no facets (${row.name})`,
  }));
  const gap = (shown: number) => describeGap(shown, total, 'sessions', known);
  const charts = [
    renderBarChart({
      id: 'chart-goals',
      title: 'What you wanted',
      caption: 'sessions by goal',
      items: items(summary.goal_categories),
      gap: gap(sum(summary.goal_categories, (row) => row.count)),
    }),
    renderBarChart({
      id: 'chart-outcomes',
      title: 'How it went',
      caption: 'sessions by outcome',
      items: summary.outcomes.map((row) => {
        const [label, tone] = OUTCOME_LABELS[row.name] ?? [row.name, 'default'];
        return { label, value: row.count, tone };
      }),
      gap: gap(sum(summary.outcomes, (row) => row.count)),
    }),
    renderBarChart({
      id: 'chart-session-types',
      title: 'Kinds of session',
      items: items(summary.session_types),
      gap: gap(sum(summary.session_types, (row) => row.count)),
    }),
    renderBarChart({
      id: 'chart-satisfaction',
      title: 'How you seemed',
      caption: 'from your own words',
      items: items(summary.satisfaction),
      gap: gap(sum(summary.satisfaction, (row) => row.count)),
    }),
    renderBarChart({
      id: 'chart-friction',
      title: 'What got in the way',
      caption: `sessions with each kind, of ${formatNumber(withFacets)} with facets (a session can have several)`,
      items: items(summary.friction_kinds, 'bad'),
      empty: withFacets > 0 ? 'No friction in the sessions with facets.' : 'No facets in this window.',
    }),
  ];
  const intro =
    withFacets === 0
      ? html`<p class="empty">No session has facets yet${summary.missing_by_reason[0] ? html` (${summary.missing_by_reason[0].name})` : null}: a full <code>codex-retro report</code> has Codex read each session and write them.</p>`
      : html`<p class="muted">Codex read ${formatNumber(withFacets)} of ${formatNumber(total)} sessions whole and noted what you wanted, how it ended and what got in the way.</p>`;
  return renderSection(
    'outcomes',
    'What you wanted and how it went',
    html`${intro}<div class="charts">${charts}</div>`,
  );
}
