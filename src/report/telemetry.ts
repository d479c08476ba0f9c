import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type AttributeValue,
  type OtelEvent,
  readTelemetry,
  type TelemetryReadStats,
} from './telemetry-read.js';

/** What Codex's OpenTelemetry events add to the rollouts: API latency and errors, approvals, tool timings. */
export interface TelemetrySummary {
  available: boolean;
  source: string;
  read: TelemetryReadStats | null;
  events_in_window: number;
  events_by_name: Record<string, number>;
  conversations: number;
  user_prompts: number;
  api: {
    requests: number;
    errors: number;
    error_rate: number | null;
    by_status: Record<string, number>;
    latency_ms: Distribution | null;
    error_messages: Record<string, number>;
  };
  time_to_first_token_ms: Distribution | null;
  tool_decisions: { total: number; by_decision: Record<string, number>; by_source: Record<string, number> };
  tool_results: {
    total: number;
    failures: number;
    by_tool: { tool: string; calls: number; failures: number; duration_ms: Distribution | null }[];
  };
  limitations: string[];
}

interface Distribution {
  count: number;
  p50: number;
  p90: number;
  max: number;
  mean: number;
}

/** `--otel-dir`, else `~/.agents/otel-collector/`. */
export function resolveOtelDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  return join(env.HOME || homedir(), '.agents', 'otel-collector');
}

function summarize(values: number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    count: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    max: sorted[sorted.length - 1] ?? 0,
    mean: Math.round(mean),
  };
}

/** Counts `key`, whatever it is: a name every object inherits (`constructor`, `__proto__`) is a key like any. */
function bump(counts: Record<string, number>, key: string): void {
  const value = (Object.hasOwn(counts, key) ? (counts[key] as number) : 0) + 1;
  Object.defineProperty(counts, key, { value, enumerable: true, writable: true, configurable: true });
}

function asNumber(value: AttributeValue | undefined): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function emptySummary(source: string, limitation: string): TelemetrySummary {
  return {
    available: false,
    source,
    read: null,
    events_in_window: 0,
    events_by_name: {},
    conversations: 0,
    user_prompts: 0,
    api: { requests: 0, errors: 0, error_rate: null, by_status: {}, latency_ms: null, error_messages: {} },
    time_to_first_token_ms: null,
    tool_decisions: { total: 0, by_decision: {}, by_source: {} },
    tool_results: { total: 0, failures: 0, by_tool: [] },
    limitations: [limitation],
  };
}

/**
 * Reads the collector output in `dir` and sums the Codex events inside the window. Conversations
 * codex-retro ran itself (`ownThreadIds`) are left out, like their rollouts. Absent or unreadable
 * telemetry is a limitation, never a failure.
 */
export async function loadTelemetry(options: {
  dir: string;
  since: Date;
  until: Date;
  ownThreadIds?: Set<string>;
}): Promise<TelemetrySummary> {
  const { dir, since, until } = options;
  try {
    await access(dir);
  } catch {
    return emptySummary(
      dir,
      `No telemetry found in ${dir}: API latency, approvals and tool timings are not covered.`,
    );
  }
  const summary = emptySummary(dir, '');
  summary.limitations = [];
  const conversations = new Set<string>();
  const apiLatency: number[] = [];
  const ttft: number[] = [];
  const tools = new Map<string, { calls: number; failures: number; durations: number[] }>();
  const onEvent = (event: OtelEvent): void => {
    if (event.timeMs === null || event.timeMs < since.getTime() || event.timeMs > until.getTime()) return;
    const conversation = event.attributes['conversation.id'];
    if (typeof conversation === 'string' && options.ownThreadIds?.has(conversation)) return;
    if (typeof conversation === 'string') conversations.add(conversation);
    summary.events_in_window += 1;
    bump(summary.events_by_name, event.name);
    recordEvent(event, summary, { apiLatency, ttft, tools });
  };
  let read: TelemetryReadStats;
  try {
    read = await readTelemetry(dir, onEvent, { since });
  } catch (error) {
    return emptySummary(dir, `Telemetry in ${dir} could not be read (${(error as Error).message}).`);
  }
  summary.read = read;
  summary.available = summary.events_in_window > 0;
  summary.conversations = conversations.size;
  summary.api.latency_ms = summarize(apiLatency);
  summary.api.error_rate =
    summary.api.requests > 0 ? Number((summary.api.errors / summary.api.requests).toFixed(4)) : null;
  summary.time_to_first_token_ms = summarize(ttft);
  summary.tool_results.by_tool = [...tools.entries()]
    .map(([tool, t]) => ({ tool, calls: t.calls, failures: t.failures, duration_ms: summarize(t.durations) }))
    .sort((a, b) => b.calls - a.calls || a.tool.localeCompare(b.tool));
  if (read.capped) {
    summary.limitations.push(
      `Telemetry: only the newest ${read.capped.kept} of ${read.capped.total} collector files in ${dir} were read; older files were left out.`,
    );
  }
  if (read.files === 0)
    summary.limitations.push(
      read.before_window_files > 0
        ? `Telemetry folder ${dir} holds no collector file written since the report window began.`
        : `Telemetry folder ${dir} holds no readable collector files.`,
    );
  else if (summary.events_in_window === 0) {
    summary.limitations.push(`Telemetry in ${dir} has no Codex events inside the report window.`);
  }
  if (read.bad_lines > 0) summary.limitations.push(`${read.bad_lines} telemetry lines could not be parsed.`);
  if (read.unreadable_files.length > 0) {
    summary.limitations.push(
      `${read.unreadable_files.length} telemetry file(s) could not be read to the end (${read.unreadable_files
        .slice(0, 3)
        .join(
          ', ',
        )}${read.unreadable_files.length > 3 ? ', …' : ''}); their events up to the failure are counted.`,
    );
  }
  return summary;
}

function recordEvent(
  event: OtelEvent,
  summary: TelemetrySummary,
  acc: {
    apiLatency: number[];
    ttft: number[];
    tools: Map<string, { calls: number; failures: number; durations: number[] }>;
  },
): void {
  const a = event.attributes;
  switch (event.name) {
    case 'codex.user_prompt':
      summary.user_prompts += 1;
      break;
    case 'codex.api_request': {
      summary.api.requests += 1;
      const status = asNumber(a['http.response.status_code']);
      const failed = (status !== null && status >= 400) || typeof a['error.message'] === 'string';
      bump(summary.api.by_status, status === null ? 'none' : String(status));
      if (failed) {
        summary.api.errors += 1;
        bump(summary.api.error_messages, String(a['error.message'] ?? `http ${status}`).slice(0, 120));
      }
      const duration = asNumber(a.duration_ms);
      if (duration !== null) acc.apiLatency.push(duration);
      break;
    }
    case 'codex.turn_ttft': {
      const duration = asNumber(a.duration_ms);
      if (duration !== null) acc.ttft.push(duration);
      break;
    }
    case 'codex.tool_decision':
      summary.tool_decisions.total += 1;
      bump(summary.tool_decisions.by_decision, String(a.decision ?? 'unknown'));
      bump(summary.tool_decisions.by_source, String(a.source ?? 'unknown'));
      break;
    case 'codex.tool_result': {
      summary.tool_results.total += 1;
      const name = String(a.tool_name ?? 'unknown');
      const tool = acc.tools.get(name) ?? { calls: 0, failures: 0, durations: [] };
      tool.calls += 1;
      if (a.success === false || a.success === 'false') {
        tool.failures += 1;
        summary.tool_results.failures += 1;
      }
      const duration = asNumber(a.duration_ms);
      if (duration !== null) tool.durations.push(duration);
      acc.tools.set(name, tool);
      break;
    }
  }
}
