import type { ChangeEffect, EffectMetric, EffectUnit } from './types.js';

/** A figure as every surface shows it: a share as a whole percent, a mean to one decimal (or whole when large). */
export function formatEffectValue(unit: EffectUnit, value: number | null): string {
  if (value === null) return '—';
  if (unit === 'share') {
    if (value > 0 && value < 0.005) return '<1%';
    return `${Math.round(value * 100)}%`;
  }
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(1);
}

export function formatPValue(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

type MetricCore = Pick<EffectMetric, 'verdict' | 'lower_is_better'>;

function isClear(metric: MetricCore): boolean {
  return metric.verdict === 'lower' || metric.verdict === 'higher';
}

/** Better or worse where that is known, else lower or higher. */
export function describeDirection(metric: MetricCore): string {
  if (!isClear(metric)) return metric.verdict === 'no_data' ? 'no data' : 'no clear change';
  if (metric.lower_is_better === null) return metric.verdict;
  return (metric.verdict === 'lower') === metric.lower_is_better ? 'better' : 'worse';
}

function relativeChange(metric: EffectMetric): number {
  const before = metric.before.value;
  const after = metric.after.value;
  if (before === null || after === null) return -1;
  if (before === 0) return after === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.abs(after - before) / before;
}

/** The figure a one-line summary leads with: the clearest difference, else the one that moved most. */
function pickHeadline(metrics: EffectMetric[]): EffectMetric | null {
  const byP = (a: EffectMetric, b: EffectMetric) => (a.p_adjusted ?? 1) - (b.p_adjusted ?? 1);
  const clear = metrics.filter(isClear);
  const judged = clear.filter((m) => m.lower_is_better !== null).sort(byP);
  if (judged[0]) return judged[0];
  if (clear.length > 0) return [...clear].sort(byP)[0] ?? null;
  const moved = metrics
    .filter((m) => m.lower_is_better !== null && m.verdict !== 'no_data')
    .sort((a, b) => relativeChange(b) - relativeChange(a));
  return moved[0] ?? null;
}

/**
 * "since applied: 14 sessions (12 before), failed commands 21% → 9% (better, p = 0.004)"; below the minimum,
 * "since applied: 3 sessions — not enough sessions yet (5 needed before and after; 12 before)". `verb` says
 * what the change was ("since applied", "since committed").
 */
export function describeEffect(effect: Omit<ChangeEffect, 'summary'>, verb: string): string {
  const counts = `${verb}: ${plural(effect.after.sessions, 'session')} (${effect.before.sessions} before)`;
  if (effect.verdict === 'not_enough_sessions') {
    return `${verb}: ${plural(effect.after.sessions, 'session')} — not enough sessions yet (${effect.min_sessions} needed before and after; ${effect.before.sessions} before)`;
  }
  const headline = pickHeadline(effect.metrics);
  if (headline === null) return `${counts}, nothing to compare (no commands, tool calls or turns)`;
  const figures = `${headline.label} ${formatEffectValue(headline.unit, headline.before.value)} → ${formatEffectValue(headline.unit, headline.after.value)}`;
  if (!isClear(headline)) return `${counts}, no clear change: ${figures}`;
  const others = effect.metrics.filter((m) => isClear(m) && m !== headline).length;
  const more = others > 0 ? `; ${plural(others, 'more clear difference')}` : '';
  return `${counts}, ${figures} (${describeDirection(headline)}, ${formatPValue(headline.p_adjusted)})${more}`;
}
