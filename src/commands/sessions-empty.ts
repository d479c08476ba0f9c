import type { ListOptions } from '../sessions/index/index-filter.js';
import { formatLocalTime, plural } from './format.js';

/**
 * What an empty `sessions list` means, truthfully: an empty Codex home, or filters that matched nothing among
 * the sessions it holds (then what the filters were and how many sessions there are).
 */
export function describeEmpty(filter: ListOptions, available: number, codexHome: string): string {
  if (available === 0) {
    return `No Codex sessions in ${codexHome} yet: Codex writes one file per session under its sessions/ folder. If yours are elsewhere, pass --codex-home DIR.`;
  }
  const holds = `${codexHome} holds ${available} session${available === 1 ? '' : 's'}`;
  const conditions = describeFilter(filter);
  if (conditions.length === 0) {
    return `No session to list: ${holds}, all of them runs of codex-retro itself; add --include-own to list them.`;
  }
  const hints = [
    filter.search ? 'fewer or other words' : null,
    filter.days !== undefined || filter.since || filter.until ? 'a longer window (e.g. --days 30)' : null,
    filter.project ? 'another --project' : null,
  ].filter((hint) => hint !== null);
  return `No session ${conditions.join(' and ')}; ${holds}. Try ${hints.join(' or ')}.`;
}

function describeFilter(filter: ListOptions): string[] {
  const parts: string[] = [];
  if (filter.search) parts.push(`matches "${filter.search}"`);
  if (filter.days !== undefined) parts.push(`was active in the last ${plural(filter.days, 'day')}`);
  if (filter.since) parts.push(`was active since ${formatLocalTime(filter.since)}`);
  if (filter.until) parts.push(`started by ${formatLocalTime(filter.until)}`);
  if (filter.project) parts.push(`ran in ${filter.project}`);
  return parts;
}
