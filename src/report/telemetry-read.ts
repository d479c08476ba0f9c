import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

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
  /** Of `files`, rotated files read through gunzip. */
  gzip_files: number;
  lines: number;
  bad_lines: number;
  other_signal_lines: number;
  unreadable_files: string[];
  /** Files in the folder that are not collector output (by name). */
  skipped_files: string[];
  /** Collector files last written before the window began: they cannot hold its events, so were not read. */
  before_window_files: number;
  /** Set when there were more collector files than are read: the newest `kept` of `total` were read. */
  capped: { kept: number; total: number } | null;
}

const READABLE = /\.(json|jsonl|ndjson|log)(\.gz)?$/i;
const GZIP = /\.gz$/i;
export const MAX_TELEMETRY_FILES = 500;

interface Candidate {
  path: string;
  mtimeMs: number;
}

/**
 * The collector files of `dir` (one level of subfolders, as rotation leaves them) that may hold events from
 * `since` on, newest first, at most MAX_TELEMETRY_FILES of them: a rotated file's last write is after every
 * event it holds, so files written before the window are passed over, and a cap drops the oldest.
 */
async function listTelemetryFiles(
  dir: string,
  since: Date | undefined,
  stats: TelemetryReadStats,
): Promise<string[]> {
  const found: Candidate[] = [];
  const walk = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && depth === 0) await walk(path, 1);
      else if (!entry.isFile()) continue;
      else if (!READABLE.test(entry.name)) stats.skipped_files.push(entry.name);
      else {
        const mtimeMs = await stat(path).then(
          (s) => s.mtimeMs,
          () => Number.POSITIVE_INFINITY,
        );
        if (since && mtimeMs < since.getTime()) stats.before_window_files += 1;
        else found.push({ path, mtimeMs });
      }
    }
  };
  await walk(dir, 0);
  found.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.path < b.path ? 1 : a.path > b.path ? -1 : 0));
  if (found.length > MAX_TELEMETRY_FILES) {
    stats.capped = { kept: MAX_TELEMETRY_FILES, total: found.length };
  }
  return found.slice(0, MAX_TELEMETRY_FILES).map((file) => file.path);
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

/** The lines of one file, through gunzip when it is a rotated `.gz`; a read or gunzip error ends it with a throw. */
async function* readLines(file: string): AsyncGenerator<string> {
  const source = createReadStream(file);
  const input = GZIP.test(file) ? source.pipe(createGunzip()) : source;
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    input.destroy();
  };
  source.once('error', fail);
  if (input !== source) input.once('error', fail);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) yield line;
  } finally {
    lines.close();
    source.destroy();
  }
  if (failure) throw failure;
}

/**
 * Streams the collector files that may hold events from `since` on, newest first, handing each Codex event to
 * `onEvent`. Bad lines are counted; a file that fails part way keeps the events read before the failure.
 */
export async function readTelemetry(
  dir: string,
  onEvent: (event: OtelEvent) => void,
  options: { since?: Date } = {},
): Promise<TelemetryReadStats> {
  const stats: TelemetryReadStats = {
    dir,
    files: 0,
    gzip_files: 0,
    lines: 0,
    bad_lines: 0,
    other_signal_lines: 0,
    unreadable_files: [],
    skipped_files: [],
    before_window_files: 0,
    capped: null,
  };
  for (const file of await listTelemetryFiles(dir, options.since, stats)) {
    try {
      stats.files += 1;
      if (GZIP.test(file)) stats.gzip_files += 1;
      for await (const line of readLines(file)) {
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
