import { basename, isAbsolute, resolve, sep } from 'node:path';
import { RetroError } from '../../errors.js';
import type { Pricer } from '../../pricing/cost.js';
import { redactText } from '../../redact/index.js';
import type { SessionSummary } from '../types.js';
import type { IndexedFile } from './index-db.js';

const DAY_MS = 86_400_000;

/** What `list` can be asked for. */
export interface ListOptions {
  days?: number;
  since?: Date | string;
  until?: Date | string;
  search?: string;
  /**
   * An absolute directory: sessions whose cwd or repository root is it or lies under it. A bare name
   * (`billing-api`) matches the repository name or the last part of the cwd.
   */
  project?: string;
  includeOwn?: boolean;
  includeArchived?: boolean;
  /** Also list subagent sessions (hidden by default: they are shown under the session that spawned them). */
  includeSubagents?: boolean;
  limit?: number;
  offset?: number;
  /** Stops a search's reading of the rollouts (the person went away); what was found so far is returned. */
  signal?: AbortSignal;
}

/** An indexed file and the summary it is listed with. */
export interface Candidate {
  row: IndexedFile;
  summary: SessionSummary;
}

/** The documented summary fields of an indexed file, priced; a thread name from Codex overrides the title. */
export function toSummary(row: IndexedFile, names: Map<string, string>, pricer: Pricer): SessionSummary {
  const m = row.metadata;
  const name = names.get(m.id);
  return {
    id: m.id,
    title: name ? redactText(name) : m.title,
    started_at: m.started_at,
    updated_at: m.updated_at,
    cwd: m.cwd,
    repo_hint: m.repo_hint,
    model: m.model,
    cli_version: m.cli_version,
    originator: m.originator,
    forked_from_id: m.forked_from_id,
    archived: row.archived,
    path: row.path,
    user_messages: m.user_messages,
    tool_calls: m.tool_calls,
    tool_errors: m.tool_errors,
    tokens: { ...m.tokens },
    tokens_by_model: m.tokens_by_model,
    cost: pricer.price(m.tokens_by_model),
    parent_thread_id: m.parent_thread_id,
    subagent: m.subagent,
    subagents: {
      count: 0,
      descendants: 0,
      tokens: { input: 0, cached_input: 0, output: 0, reasoning: 0, total: 0 },
    },
    failed_turns: m.failed_turns,
    aborted_turns: m.aborted_turns,
    approval_turns: m.approval_turns,
  };
}

/** Two files with one session id: the archived copy wins, then the one updated last. */
export function preferOver(a: SessionSummary, b: SessionSummary): boolean {
  if (a.archived !== b.archived) return a.archived;
  if (a.updated_at !== b.updated_at) return (a.updated_at ?? '') > (b.updated_at ?? '');
  return a.path > b.path;
}

export function compareNewestFirst(a: SessionSummary, b: SessionSummary): number {
  const at = a.updated_at ?? a.started_at ?? '';
  const bt = b.updated_at ?? b.started_at ?? '';
  if (at !== bt) return at < bt ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function buildFilter(
  filter: ListOptions,
  now: Date,
  own: Map<string, unknown> | null,
): (candidate: Candidate) => boolean {
  const since = latest(
    filter.since === undefined ? null : toTime(filter.since, 'since'),
    filter.days === undefined ? null : now.getTime() - filter.days * DAY_MS,
  );
  const until = filter.until === undefined ? null : toTime(filter.until, 'until');
  const project = filter.project === undefined ? null : filter.project;
  return ({ summary }) => {
    if (filter.includeArchived === false && summary.archived) return false;
    if (own?.has(summary.id)) return false;
    if (!filter.includeSubagents && summary.subagent) return false;
    const updated = Date.parse(summary.updated_at ?? summary.started_at ?? '');
    const started = Date.parse(summary.started_at ?? summary.updated_at ?? '');
    if (since !== null && !(updated >= since)) return false;
    if (until !== null && !(started <= until)) return false;
    if (project !== null && !inProject(summary, project)) return false;
    return true;
  };
}

function latest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function toTime(value: Date | string, name: string): number {
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(time)) {
    throw new RetroError('invalid_date', `--${name} "${String(value)}" is not a date; use e.g. 2026-11-22.`, {
      status: 400,
    });
  }
  return time;
}

function inProject(summary: SessionSummary, project: string): boolean {
  if (!isAbsolute(project)) {
    return summary.repo_hint === project || (summary.cwd !== null && basename(summary.cwd) === project);
  }
  project = resolve(project);
  const under = (dir: string | null): boolean =>
    dir !== null && (dir === project || dir.startsWith(project.endsWith(sep) ? project : `${project}${sep}`));
  return under(summary.cwd) || under(summary.repo_hint);
}
