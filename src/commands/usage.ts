import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { formatCost, formatUsd } from '../pricing/format-cost.js';
import type { PriceSource, SessionCost } from '../pricing/types.js';
import type { TokenTotals } from '../sessions/types.js';
import {
  type Granularity,
  type PeriodUsage,
  summarizeUsage,
  type UsageReport,
} from '../usage/usage-periods.js';
import type { Command, CommandIo } from './command.js';
import { assertWindowOrder } from './option-values.js';
import { openSessionStoreFromFlags } from './session-store.js';
import { type Column, formatTable, terminalWidth } from './table.js';
import { terminalText } from './terminal-text.js';

/**
 * `usage daily|weekly|monthly`: tokens and USD by local day, week (Monday first) or month, a total, and the
 * projects that spent it. Every session counts, subagents and the ones codex-retro started included: each spent
 * tokens of its own.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export function usageCommand(granularity: Granularity): Command {
  return {
    async run({ values }, io) {
      const days = values.days as number | undefined;
      const until = values.until as Date | undefined;
      const now = new Date();
      const sinceFlag = values.since as Date | undefined;
      const sinceDays = days === undefined ? undefined : new Date(now.getTime() - days * DAY_MS);
      const since =
        sinceFlag && sinceDays
          ? new Date(Math.max(sinceFlag.getTime(), sinceDays.getTime()))
          : (sinceFlag ?? sinceDays);
      assertWindowOrder(since, until);
      const { progress, store } = openSessionStoreFromFlags(values, io);
      let report: UsageReport;
      let pricing: PriceSource;
      try {
        const { sessions } = await store.usage({
          days,
          since: sinceFlag,
          until,
          project: toProject(values.project as string | undefined, io.cwd),
          includeOwn: true,
          includeSubagents: true,
        });
        report = summarizeUsage(sessions, granularity, store.pricer, { since, until });
        pricing = store.pricing;
      } finally {
        progress.finish();
        store.close();
      }
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (values.json) {
        const document = { granularity, time_zone: timeZone, pricing, ...withoutGranularity(report) };
        io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      } else io.stdout.write(formatUsage(report, pricing, timeZone, io));
      return 0;
    },
  };
}

function withoutGranularity({ periods, totals }: UsageReport) {
  return { periods, totals };
}

/** A path (relative to the working dir) becomes absolute; a bare name like `billing-api` stays a name. */
function toProject(value: string | undefined, cwd: string): string | undefined {
  if (value === undefined) return undefined;
  const looksLikePath = value.includes(sep) || value.startsWith('.') || existsSync(resolve(cwd, value));
  return looksLikePath ? resolve(cwd, value) : value;
}

const HEADERS: Record<Granularity, string> = { daily: 'DAY', weekly: 'WEEK OF', monthly: 'MONTH' };

function columns(granularity: Granularity): Column[] {
  return [
    { header: HEADERS[granularity] },
    { header: 'SESSIONS', align: 'right' },
    { header: 'INPUT', align: 'right', drop: 3 },
    { header: 'CACHED', align: 'right', drop: 2 },
    { header: 'OUTPUT', align: 'right', drop: 4 },
    { header: 'REASONING', align: 'right', drop: 1 },
    { header: 'TOTAL', align: 'right' },
    { header: 'COST', align: 'right' },
    { header: 'MODELS', max: 60, min: 10, drop: 5 },
  ];
}

const n = (value: number) => value.toLocaleString('en-US');

function cells(label: string, row: Omit<PeriodUsage, 'period'>): string[] {
  const t: TokenTotals = row.tokens;
  return [
    label,
    n(row.sessions),
    n(t.input),
    n(t.cached_input),
    n(t.output),
    n(t.reasoning),
    n(t.total),
    formatCost(row.cost),
    row.cost.by_model.map((m) => m.model).join(', '),
  ].map(terminalText);
}

function formatUsage(report: UsageReport, pricing: PriceSource, timeZone: string, io: CommandIo): string {
  if (report.periods.length === 0) return 'No tokens were spent in these sessions and dates.\n';
  const width = terminalWidth(io);
  const rows = [...report.periods.map((p) => cells(p.period, p)), cells('Total', report.totals)];
  const table = formatTable(columns(report.granularity), rows, width);
  // The total row under a rule, as a sum is written.
  table.splice(table.length - 1, 0, '-'.repeat(Math.min(width, Math.max(...table.map((l) => l.length)))));
  const out = [...table, ''];
  const projects = report.totals.projects;
  if (projects.length > 1) {
    const byProject = formatTable(
      [
        { header: 'PROJECT', max: 60, min: 16 },
        { header: 'SESSIONS', align: 'right' },
        { header: 'COST', align: 'right' },
      ],
      projects.map((p) => [terminalText(p.project), n(p.sessions), formatCost(p.cost)]),
      width,
    );
    out.push(...byProject, '');
  }
  out.push(...notes(report.totals.cost));
  out.push(
    `Days in ${timeZone}. USD at ${pricing.name} of ${pricing.date} (${pricing.url}), standard rates; \`codex-retro pricing refresh\` updates them.`,
  );
  return `${out.join('\n')}\n`;
}

/** What the figures leave out or approximate, in words. */
function notes(cost: SessionCost): string[] {
  const lines: string[] = [];
  if (cost.reason) {
    const priced =
      cost.usd === null ? '' : ` The costs above (${formatUsd(cost.usd)}+ in all) leave them out.`;
    lines.push(`Not priced: ${cost.reason}.${priced}`);
  }
  const similar = cost.by_model.filter((row) => row.match === 'similar');
  if (similar.length > 0)
    lines.push(
      `Priced as the nearest listed model: ${similar.map((row) => `${row.model} as ${row.priced_as}`).join(', ')}.`,
    );
  return lines;
}
