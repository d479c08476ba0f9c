import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Reads OpenTelemetry collector file-exporter output: one OTLP JSON export request per line
 * (`{"resourceLogs":[…]}`), as Codex's `[otel]` exporter sends them. Only log records matter here;
 * spans and metrics lines are counted and passed over.
 */

export type AttributeValue = string | number | boolean | null;

export interface OtelEvent {
  name: string;
  /** Milliseconds since the epoch, from `event.timestamp`, else the record's own times. */
  timeMs: number | null;
  attributes: Record<string, AttributeValue>;
}

export interface TelemetryReadStats {
  dir: string;
  files: number;
  lines: number;
  bad_lines: number;
  other_signal_lines: number;
  unreadable_files: string[];
  skipped_files: string[];
}

const READABLE = /\.(json|jsonl|ndjson|log)$/i;
const MAX_FILES = 500;

/** Lists the files of a collector output dir (one level of subfolders, as rotation leaves them). */
async function listTelemetryFiles(dir: string, stats: TelemetryReadStats): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth === 0) await walk(path, 1);
      else if (entry.isFile() && READABLE.test(entry.name)) found.push(path);
      else if (entry.isFile()) stats.skipped_files.push(entry.name);
    }
  };
  await walk(dir, 0);
  return found.slice(0, MAX_FILES);
}

function readAnyValue(value: unknown): AttributeValue {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (typeof v.doubleValue === 'number') return v.doubleValue;
  return null;
}

function nanosToMs(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const ms = Number(value) / 1e6;
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function decodeRecord(record: Record<string, unknown>): OtelEvent | null {
  const attributes: Record<string, AttributeValue> = {};
  for (const item of Array.isArray(record.attributes) ? record.attributes : []) {
    const kv = item as { key?: unknown; value?: unknown };
    if (typeof kv.key === 'string') attributes[kv.key] = readAnyValue(kv.value);
  }
  const name = attributes['event.name'];
  if (typeof name !== 'string') return null;
  const stamp = attributes['event.timestamp'];
  const parsed = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  const timeMs = Number.isFinite(parsed)
    ? parsed
    : (nanosToMs(record.timeUnixNano) ?? nanosToMs(record.observedTimeUnixNano));
  return { name, timeMs, attributes };
}

function decodeLine(line: string): { events: OtelEvent[]; kind: 'logs' | 'other' } | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const request = value as Record<string, unknown>;
  if (!Array.isArray(request.resourceLogs)) {
    return request.resourceSpans || request.resourceMetrics ? { events: [], kind: 'other' } : null;
  }
  const events: OtelEvent[] = [];
  for (const resourceLog of request.resourceLogs as { scopeLogs?: unknown }[]) {
    for (const scopeLog of Array.isArray(resourceLog?.scopeLogs) ? resourceLog.scopeLogs : []) {
      const records = (scopeLog as { logRecords?: unknown }).logRecords;
      for (const record of Array.isArray(records) ? records : []) {
        const event = record && typeof record === 'object' ? decodeRecord(record) : null;
        if (event) events.push(event);
      }
    }
  }
  return { events, kind: 'logs' };
}

/** Streams every file line by line, handing each Codex event to `onEvent`. Bad lines are counted. */
export async function readTelemetry(
  dir: string,
  onEvent: (event: OtelEvent) => void,
): Promise<TelemetryReadStats> {
  const stats: TelemetryReadStats = {
    dir,
    files: 0,
    lines: 0,
    bad_lines: 0,
    other_signal_lines: 0,
    unreadable_files: [],
    skipped_files: [],
  };
  for (const file of await listTelemetryFiles(dir, stats)) {
    try {
      if (!(await stat(file)).isFile()) continue;
      const lines = createInterface({
        input: createReadStream(file, 'utf8'),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      stats.files += 1;
      for await (const line of lines) {
        if (line.trim() === '') continue;
        stats.lines += 1;
        const decoded = decodeLine(line);
        if (!decoded) stats.bad_lines += 1;
        else if (decoded.kind === 'other') stats.other_signal_lines += 1;
        else for (const event of decoded.events) onEvent(event);
      }
    } catch {
      stats.unreadable_files.push(file);
    }
  }
  return stats;
}
