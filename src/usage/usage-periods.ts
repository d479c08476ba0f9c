import type { Pricer } from '../pricing/cost.js';
import type { SessionCost } from '../pricing/types.js';
import { mergeModelTokens, slotOf } from '../sessions/normalize/usage-slots.js';
import { zeroTokens } from '../sessions/token-totals.js';
import type { ModelTokens, SessionSummary, TokenTotals, UsageSlots } from '../sessions/types.js';

/**
 * Tokens and cost by day, week (Monday to Sunday) or month of the local time zone, with a total, and by project.
 * Each session's requests are kept by UTC quarter hour (usage-slots.ts), and every zone's offset is a multiple of
 * 15 minutes, so each quarter hour falls in one local day and a session that ran past midnight is split where
 * its requests were. A period is priced from its tokens by model, so its cost is the sum of its requests' costs
 * and an unpriced model is named in it.
 */

export type Granularity = 'daily' | 'weekly' | 'monthly';

export interface UsageInput {
  summary: SessionSummary;
  slots: UsageSlots;
}

interface ProjectUsage {
  /** The folder the sessions ran in, or `(unknown)`. */
  project: string;
  sessions: number;
  tokens: TokenTotals;
  cost: SessionCost;
}

export interface PeriodUsage {
  /** `YYYY-MM-DD` (a day; a week by its Monday) or `YYYY-MM`. */
  period: string;
  /** Sessions with requests in the period. */
  sessions: number;
  tokens: TokenTotals;
  cost: SessionCost;
  projects: ProjectUsage[];
}

export interface UsageReport {
  granularity: Granularity;
  periods: PeriodUsage[];
  totals: Omit<PeriodUsage, 'period'>;
}

export interface UsageWindow {
  /** Requests before this are left out. */
  since?: Date;
  /** Requests after this are left out. */
  until?: Date;
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local period a quarter hour (UTC `YYYY-MM-DDTHH:MM`) falls in. */
function periodOf(slotStart: Date, granularity: Granularity): string {
  const year = slotStart.getFullYear();
  const month = slotStart.getMonth();
  if (granularity === 'monthly') return `${year}-${pad(month + 1)}`;
  const day = slotStart.getDate();
  if (granularity === 'weekly') {
    const monday = new Date(year, month, day - ((slotStart.getDay() + 6) % 7));
    return `${monday.getFullYear()}-${pad(monday.getMonth() + 1)}-${pad(monday.getDate())}`;
  }
  return `${year}-${pad(month + 1)}-${pad(day)}`;
}

interface Bucket {
  sessions: Set<string>;
  byModel: Record<string, ModelTokens>;
  projects: Map<string, { sessions: Set<string>; byModel: Record<string, ModelTokens> }>;
}

function newBucket(): Bucket {
  return { sessions: new Set(), byModel: {}, projects: new Map() };
}

function addTo(
  bucket: Bucket,
  session: SessionSummary,
  project: string,
  models: Record<string, ModelTokens>,
) {
  bucket.sessions.add(session.id);
  let own = bucket.projects.get(project);
  if (!own) {
    own = { sessions: new Set(), byModel: {} };
    bucket.projects.set(project, own);
  }
  own.sessions.add(session.id);
  for (const [model, tokens] of Object.entries(models)) {
    bucket.byModel[model] ??= zeroTokens();
    mergeModelTokens(bucket.byModel[model], tokens);
    own.byModel[model] ??= zeroTokens();
    mergeModelTokens(own.byModel[model], tokens);
  }
}

function sumTokens(byModel: Record<string, ModelTokens>): TokenTotals {
  const sum = zeroTokens();
  for (const { input, cached_input, output, reasoning, total } of Object.values(byModel)) {
    sum.input += input;
    sum.cached_input += cached_input;
    sum.output += output;
    sum.reasoning += reasoning;
    sum.total += total;
  }
  return sum;
}

function settle(bucket: Bucket, pricer: Pricer): Omit<PeriodUsage, 'period'> {
  const projects = [...bucket.projects.entries()].map(([project, own]) => ({
    project,
    sessions: own.sessions.size,
    tokens: sumTokens(own.byModel),
    cost: pricer.price(own.byModel),
  }));
  projects.sort((a, b) => (b.cost.usd ?? -1) - (a.cost.usd ?? -1) || (a.project < b.project ? -1 : 1));
  return {
    sessions: bucket.sessions.size,
    tokens: sumTokens(bucket.byModel),
    cost: pricer.price(bucket.byModel),
    projects,
  };
}

/** Sessions' requests summed and priced by period, oldest first, with the total over the periods shown. */
export function summarizeUsage(
  sessions: UsageInput[],
  granularity: Granularity,
  pricer: Pricer,
  window: UsageWindow = {},
): UsageReport {
  const buckets = new Map<string, Bucket>();
  const total = newBucket();
  const since = window.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const until = window.until?.getTime() ?? Number.POSITIVE_INFINITY;
  for (const { summary, slots } of sessions) {
    const project = summary.cwd ?? summary.repo_hint ?? '(unknown)';
    for (const [slot, models] of Object.entries(slots)) {
      // Requests without a time are counted when the session started.
      const at = slot || slotOf(summary.started_at ?? summary.updated_at);
      if (!at) continue;
      const start = Date.parse(`${at}:00Z`);
      if (start + QUARTER_HOUR_MS <= since || start > until) continue;
      const period = periodOf(new Date(start), granularity);
      let bucket = buckets.get(period);
      if (!bucket) {
        bucket = newBucket();
        buckets.set(period, bucket);
      }
      addTo(bucket, summary, project, models);
      addTo(total, summary, project, models);
    }
  }
  const periods = [...buckets.keys()].sort().map((period) => ({
    period,
    ...settle(buckets.get(period) as Bucket, pricer),
  }));
  return { granularity, periods, totals: settle(total, pricer) };
}
