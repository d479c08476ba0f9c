/** Short, local display forms for times, projects and sizes. */

export function formatTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'unknown time';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (sameDay) return time;
  const sameYear = date.getFullYear() === now.getFullYear();
  const day = date.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${day} ${time}`;
}

export function formatFullTime(iso: string | null | undefined): string {
  if (!iso) return 'unknown time';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** The last path segment of a repo or working directory, the way people name their projects. */
export function projectName(path: string | null | undefined): string {
  if (!path) return 'no project';
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What a session's cost needs to be shown (the server's `cost`). */
interface ShownCost {
  usd: number | null;
  priced: boolean | 'partial';
  reason: string | null;
  pricing_date: string;
  by_model: { model: string; usd: number | null; priced_as: string | null; match: string | null }[];
}

/**
 * USD as `sessions list` prints it: `$1.23`, `<$0.01` (never `$0.00`, which reads as free), `$1.23+` when some
 * model has no price (the figure is a floor), `?` when none has, `-` when there were no tokens.
 */
export function formatCost(cost: ShownCost | undefined): string {
  if (!cost || cost.by_model.length === 0) return '-';
  if (cost.usd === null) return '?';
  const usd = cost.usd > 0 && cost.usd < 0.005 ? '<$0.01' : `$${cost.usd.toFixed(2)}`;
  return `${usd}${cost.priced === 'partial' ? '+' : ''}`;
}

/** The cost in words, for a tooltip: each model's part, what has no price and why, and the prices' date. */
export function describeCost(cost: ShownCost | undefined): string {
  if (!cost) return '';
  const models = cost.by_model.map((row) => {
    const as = row.match === 'similar' && row.priced_as ? ` (priced as ${row.priced_as})` : '';
    return `${row.model}: ${row.usd === null ? 'no price' : formatCost({ ...cost, usd: row.usd, priced: true })}${as}`;
  });
  return [...models, ...(cost.reason ? [cost.reason] : []), `Prices of ${cost.pricing_date}`].join('\n');
}
