import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ID_PATTERNS } from '../ids.js';
import type { JobRecord } from './types.js';

/**
 * Run records on disk: `<runsDir>/<job_id>.json`, rewritten whole on every change (temp file + rename, so a
 * reader never sees half a record), and the event log beside it, `<job_id>.events.jsonl`, appended line by
 * line. Writes are synchronous so `get` always sees what was logged before it, in order.
 */

const recordSchema = z.object({
  job_id: z.string().regex(ID_PATTERNS.job),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted']),
  session_id: z.string().nullable(),
  mode: z.string().nullable(),
  prompts: z.array(z.string()),
  model: z.string().nullable(),
  sandbox: z.string().nullable(),
  approval: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  command: z.array(z.string()).nullable(),
  codex_reported: z
    .object({
      sandbox_policy: z.string().nullable(),
      approval_policy: z.string().nullable(),
      model: z.string().nullable(),
    })
    .nullable()
    .default(null),
  codex_thread_id: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  exit_status: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
});

const TAIL_CHUNK = 64 * 1024;

function recordPath(runsDir: string, jobId: string): string {
  return join(runsDir, `${jobId}.json`);
}

function eventsPath(runsDir: string, jobId: string): string {
  return join(runsDir, `${jobId}.events.jsonl`);
}

export function writeRecord(runsDir: string, record: JobRecord): void {
  mkdirSync(runsDir, { recursive: true });
  const target = recordPath(runsDir, record.job_id);
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`, 'utf8');
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function ownerPath(runsDir: string, jobId: string): string {
  return join(runsDir, `${jobId}.owner`);
}

/** Marks a job as run by this process until it ends, so another codex-retro process leaves it alone. */
export function claimJob(runsDir: string, jobId: string): void {
  mkdirSync(runsDir, { recursive: true });
  writeFileSync(ownerPath(runsDir, jobId), String(process.pid), 'utf8');
}

export function releaseJob(runsDir: string, jobId: string): void {
  rmSync(ownerPath(runsDir, jobId), { force: true });
}

/** True when the process that claimed the job still runs (and is not this one, which has just started). */
export function isClaimedByLiveProcess(runsDir: string, jobId: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(ownerPath(runsDir, jobId), 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function appendEvent(runsDir: string, jobId: string, event: Record<string, unknown>): void {
  mkdirSync(runsDir, { recursive: true });
  appendFileSync(eventsPath(runsDir, jobId), `${JSON.stringify(event)}\n`, 'utf8');
}

function parseRecordFile(path: string): JobRecord | { problem: string } {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
    return { problem: z.prettifyError(parsed.error).split('\n')[0] ?? 'invalid record' };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** One job's record, or null when there is no valid record for it. */
export function readRecord(runsDir: string, jobId: string): JobRecord | null {
  const parsed = parseRecordFile(recordPath(runsDir, jobId));
  return 'problem' in parsed ? null : parsed;
}

/** Every `<job_id>.json` in `runsDir`; files that are not a valid record are returned as problems. */
export function readRecords(runsDir: string): {
  records: JobRecord[];
  unreadable: { file: string; problem: string }[];
} {
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], unreadable: [] };
    throw error;
  }
  const records: JobRecord[] = [];
  const unreadable: { file: string; problem: string }[] = [];
  for (const name of names) {
    if (!name.endsWith('.json') || !ID_PATTERNS.job.test(name.slice(0, -'.json'.length))) continue;
    const parsed = parseRecordFile(join(runsDir, name));
    if ('problem' in parsed) unreadable.push({ file: name, problem: parsed.problem });
    else records.push(parsed);
  }
  return { records, unreadable };
}

function parseEvent(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Reported below as an unreadable line.
  }
  return { type: 'log.unreadable_line', text: line.slice(0, 500) };
}

/** The last `count` events of a job's log, reading only as much of the end of the file as needed. */
export function readEventTail(runsDir: string, jobId: string, count: number): Record<string, unknown>[] {
  if (count <= 0) return [];
  let fd: number;
  try {
    fd = openSync(eventsPath(runsDir, jobId), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    let position = fstatSync(fd).size;
    let text = Buffer.alloc(0);
    let newlines = 0;
    // Stop once the buffer holds count+1 line breaks: then the first kept line is complete.
    while (position > 0 && newlines <= count) {
      const length = Math.min(TAIL_CHUNK, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, position);
      for (const byte of chunk) if (byte === 10) newlines++;
      text = Buffer.concat([chunk, text]);
    }
    const lines = text.toString('utf8').split('\n');
    if (position > 0) lines.shift();
    return lines
      .filter((line) => line.trim() !== '')
      .slice(-count)
      .map(parseEvent);
  } finally {
    closeSync(fd);
  }
}
