import type { CorrectionKind } from './corrections.js';
import { describeDirection, describeEffect, formatEffectValue, formatPValue } from './describe.js';
import { adjustHolm, type Observation, permutationPValue, ratioOf, seedFrom } from './permutation.js';
import type { SessionSignals } from './session-signals.js';
import type {
  ChangeEffect,
  EffectMetric,
  EffectMetricKey,
  EffectSide,
  EffectUnit,
  EffectVerdict,
  MetricVerdict,
} from './types.js';
import type { WindowSide } from './windows.js';

/** Differences whose Holm-adjusted p-value is below this are called clear. */
const ALPHA = 0.05;

interface MetricSpec {
  key: EffectMetricKey;
  label: string;
  unit: EffectUnit;
  lower_is_better: boolean | null;
  observe(signals: SessionSignals): Observation;
}

/**
 * The figures compared, each a sum over sessions divided by a sum over sessions (a mean per session divides
 * by one per session), so a long session weighs as much as its commands or turns do.
 */
const METRICS: MetricSpec[] = [
  {
    key: 'failed_command_rate',
    label: 'failed commands',
    unit: 'share',
    lower_is_better: true,
    observe: (s) => ({ numerator: s.failed_commands, denominator: s.commands }),
  },
  {
    key: 'tool_error_rate',
    label: 'tool errors',
    unit: 'share',
    lower_is_better: true,
    observe: (s) => ({ numerator: s.tool_errors, denominator: s.tool_calls }),
  },
  {
    key: 'retry_rate',
    label: 'retried commands',
    unit: 'share',
    lower_is_better: true,
    observe: (s) => ({ numerator: s.retried_commands, denominator: s.commands }),
  },
  {
    key: 'correction_rate',
    label: 'your corrections per turn',
    unit: 'share',
    lower_is_better: true,
    observe: (s) => ({ numerator: s.corrections, denominator: s.turns }),
  },
  {
    key: 'turns_per_session',
    label: 'turns per session',
    unit: 'mean',
    lower_is_better: null,
    observe: (s) => ({ numerator: s.turns, denominator: 1 }),
  },
  {
    key: 'tokens_per_session',
    label: 'tokens per session',
    unit: 'mean',
    lower_is_better: null,
    observe: (s) => ({ numerator: s.tokens, denominator: 1 }),
  },
];

function figure(observations: Observation[]) {
  let numerator = 0;
  let denominator = 0;
  for (const o of observations) {
    numerator += o.numerator;
    denominator += o.denominator;
  }
  return { value: ratioOf(observations), numerator, denominator };
}

function side(window: WindowSide, signals: SessionSignals[]): EffectSide {
  const byKind: Record<CorrectionKind, number> = { interrupted: 0, declined: 0, said: 0 };
  for (const s of signals) {
    for (const kind of Object.keys(byKind) as CorrectionKind[]) byKind[kind] += s.corrections_by_kind[kind];
  }
  return { ...window, sessions: signals.length, corrections_by_kind: byKind };
}

function overallVerdict(metrics: EffectMetric[]): EffectVerdict {
  const judged = metrics.filter((m) => m.lower_is_better !== null);
  const better = judged.some((m) => m.verdict === (m.lower_is_better ? 'lower' : 'higher'));
  const worse = judged.some((m) => m.verdict === (m.lower_is_better ? 'higher' : 'lower'));
  if (better && worse) return 'mixed';
  if (better) return 'improved';
  if (worse) return 'worsened';
  return 'no_clear_change';
}

/**
 * The before/after comparison of one change from the signals of the sessions on each side. Below
 * `minSessions` on either side the figures are still given, but nothing is tested or claimed.
 */
export function compareSides(
  windows: { before: WindowSide; after: WindowSide },
  before: SessionSignals[],
  after: SessionSignals[],
  options: { minSessions: number; verb: string },
): ChangeEffect {
  const enough = before.length >= options.minSessions && after.length >= options.minSessions;
  const seed = seedFrom([...before, ...after].map((s) => s.id).join(','));
  const drafts = METRICS.map((spec) => {
    const b = before.map(spec.observe);
    const a = after.map(spec.observe);
    const beforeFigure = figure(b);
    const afterFigure = figure(a);
    const difference =
      beforeFigure.value === null || afterFigure.value === null
        ? null
        : afterFigure.value - beforeFigure.value;
    const p = enough && difference !== null ? permutationPValue(b, a, seed) : null;
    return { spec, beforeFigure, afterFigure, difference, p };
  });
  const adjusted = adjustHolm(drafts.map((draft) => draft.p));
  const metrics: EffectMetric[] = drafts.map((draft, index) => {
    const pAdjusted = adjusted[index] ?? null;
    let verdict: MetricVerdict;
    if (draft.difference === null) verdict = 'no_data';
    else if (pAdjusted !== null && pAdjusted < ALPHA && draft.difference !== 0)
      verdict = draft.difference < 0 ? 'lower' : 'higher';
    else verdict = 'unclear';
    const metric: Omit<EffectMetric, 'display'> = {
      key: draft.spec.key,
      label: draft.spec.label,
      unit: draft.spec.unit,
      lower_is_better: draft.spec.lower_is_better,
      before: draft.beforeFigure,
      after: draft.afterFigure,
      difference: draft.difference,
      p_value: draft.p,
      p_adjusted: pAdjusted,
      verdict,
    };
    const direction = describeDirection(metric);
    return {
      ...metric,
      display: {
        before: formatEffectValue(metric.unit, metric.before.value),
        after: formatEffectValue(metric.unit, metric.after.value),
        change: pAdjusted === null ? direction : `${direction} · ${formatPValue(pAdjusted)}`,
      },
    };
  });
  const effect: Omit<ChangeEffect, 'summary'> = {
    verdict: enough ? overallVerdict(metrics) : 'not_enough_sessions',
    min_sessions: options.minSessions,
    before: side(windows.before, before),
    after: side(windows.after, after),
    metrics,
  };
  return { ...effect, summary: describeEffect(effect, options.verb) };
}
