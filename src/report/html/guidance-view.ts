import { basename } from 'node:path';
import type { EffectMetric } from '../../analytics/effect/types.js';
import type { ReportGuidance, ReportGuidanceChange } from '../guidance-changes.js';
import { html, type SafeHtml } from './escape.js';

/**
 * The changes to AGENTS.md and the skills made in the window, each with its repository's sessions before and
 * after. Every figure is computed (see analytics/effect/); a change with too few sessions on a side says so
 * and shows no comparison.
 */
const KIND_WORDS: Record<ReportGuidanceChange['kind'], string> = {
  proposal: 'Proposal applied',
  revert: 'Proposal reverted',
  commit: 'Commit',
};

function whenOf(at: string): string {
  return `${at.slice(0, 16).replace('T', ' ')} UTC`;
}

function renderFigure(metric: EffectMetric, side: 'before' | 'after'): SafeHtml {
  const figure = metric[side];
  const parts =
    metric.unit === 'share' && figure.denominator > 0
      ? html` <span class="muted">(${figure.numerator} of ${figure.denominator})</span>`
      : null;
  return html`${metric.display[side]}${parts}`;
}

function renderMetricRow(metric: EffectMetric): SafeHtml {
  const change = metric.display.change;
  const className = change.startsWith('better') ? 'up' : change.startsWith('worse') ? 'down' : 'muted';
  return html`<tr data-metric="${metric.key}"><th scope="row">${metric.label}</th><td>${renderFigure(metric, 'before')}</td><td>${renderFigure(metric, 'after')}</td><td class="${className}">${change}</td></tr>`;
}

function renderChange(change: ReportGuidanceChange): SafeHtml {
  const { effect } = change;
  const what = change.proposal_id ?? change.commit?.slice(0, 12) ?? '';
  const table =
    effect.verdict === 'not_enough_sessions'
      ? null
      : html`<table><thead><tr><th></th><th>Before (${effect.before.sessions})</th><th>After (${effect.after.sessions})</th><th>Difference</th></tr></thead><tbody>${effect.metrics.map(renderMetricRow)}</tbody></table>`;
  return html`<div class="guidance-change" data-change-kind="${change.kind}" data-verdict="${effect.verdict}">
<p><strong>${KIND_WORDS[change.kind]}</strong> <code>${what}</code> in ${basename(change.repo)} on ${whenOf(change.at)}: ${change.title || '(no title)'} <span class="muted">— ${change.files.join(', ')}</span></p>
<p class="effect-summary">${effect.summary}</p>
${table}
</div>`;
}

export function renderGuidanceChanges(guidance: ReportGuidance | undefined): SafeHtml | null {
  if (!guidance) return null;
  const { changes, problems } = guidance;
  const intro =
    changes.length === 0
      ? html`<p class="muted">No change to AGENTS.md or the skills was made in this window (applied proposals and commits are seen).</p>`
      : html`<p class="muted">Sessions that started before each change and after it (up to 30 a side, 30 days, the neighbouring change), in the repository it was made in. A difference is called better or worse only when a permutation test over the sessions finds it unlikely to be chance (p below 0.05, adjusted for the six figures); fewer than ${changes[0]?.effect.min_sessions ?? 5} sessions on a side is not enough to compare.</p>`;
  return html`<div class="guidance-changes" id="guidance-changes"><h3>Changes to AGENTS.md and skills</h3>${intro}${changes.map(renderChange)}${problems.map((p) => html`<p class="muted">${p}</p>`)}</div>`;
}
