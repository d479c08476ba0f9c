import { readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assertId } from '../ids.js';

/**
 * Codex sessions that codex-retro itself started (insight and proposal jobs). Listings hide them by default
 * so a person's history is not flooded by our own headless runs. One JSON object per line, append-only.
 */
const FILE_NAME = 'own-threads.jsonl';

export interface OwnThreads {
  threads: Map<string, Record<string, unknown>>;
  /** Lines that could not be read (a torn write, a hand edit). */
  malformed: number;
}

/** Remembers that `threadId` is a session codex-retro created; `info` says which job made it. */
export async function recordOwnThread(
  stateDir: string,
  threadId: string,
  info: Record<string, unknown>,
): Promise<void> {
  assertId('session', threadId);
  await mkdir(stateDir, { recursive: true });
  const line = JSON.stringify({ ...info, thread_id: threadId, recorded_at: new Date().toISOString() });
  await appendFile(join(stateDir, FILE_NAME), `${line}\n`, 'utf8');
}

/**
 * Every recorded thread, the last record per id winning. A missing file means none. Read synchronously: it is
 * a small file read on every list, and a thread-pool round trip costs more than the read.
 */
export async function readOwnThreads(stateDir: string): Promise<OwnThreads> {
  let text: string;
  try {
    text = readFileSync(join(stateDir, FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { threads: new Map(), malformed: 0 };
    throw error;
  }
  const threads = new Map<string, Record<string, unknown>>();
  let malformed = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (record) threads.set(record.thread_id, record);
    else malformed += 1;
  }
  return { threads, malformed };
}

function parseRecord(line: string): (Record<string, unknown> & { thread_id: string }) | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    return typeof record.thread_id === 'string'
      ? (record as Record<string, unknown> & { thread_id: string })
      : null;
  } catch {
    return null;
  }
}

/**
 * The session a fork was made from, as lists show it: a fork codex-retro made names the redacted copy Codex
 * forked (see workflows/redacted-copy.ts) as its parent, and is shown as a fork of the person's session. The
 * copies are read once, when this is called; a file that cannot be read maps none.
 */
export function readForkParents(stateDir: string): (forkedFrom: string | null) => string | null {
  const copies = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(stateDir, FILE_NAME), 'utf8');
  } catch {
    // No record, no copy.
  }
  for (const line of text.split('\n')) {
    const record = line.includes('"redacted_copy"') ? parseRecord(line) : null;
    if (record?.kind === 'redacted_copy' && typeof record.session_id === 'string')
      copies.set(record.thread_id, record.session_id);
  }
  return (forkedFrom) => (forkedFrom === null ? null : (copies.get(forkedFrom) ?? forkedFrom));
}
