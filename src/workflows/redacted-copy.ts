import { randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { redactDeep } from '../redact/index.js';
import { recordOwnThread } from '../sessions/own-threads.js';
import { readLines } from '../sessions/read/line-reader.js';

/**
 * What a fork sends Codex. `codex exec fork ID` reads the session's rollout and sends its whole history to the
 * model with the new prompt, so a run forks a redacted copy instead of the person's rollout: every line read,
 * every string masked as any output of codex-retro is, and written under a new session id beside the person's
 * rollouts (where Codex finds sessions), recorded as codex-retro's own so lists hide it; Codex forks that copy,
 * and the copy is deleted when the run ends. The fork Codex writes holds the redacted history from then on.
 */

/** Members copied as they are: identifiers Codex pairs and looks up, and the model's own encrypted reasoning. */
const KEPT = new Set([
  'id',
  'session_id',
  'thread_id',
  'turn_id',
  'call_id',
  'forked_from_id',
  'parent_thread_id',
  'timestamp',
  'encrypted_content',
]);

const WHOLE_LINES = { headCap: Number.MAX_SAFE_INTEGER, tailCap: 0 };
const YIELD_BYTES = 1 << 20;

export interface RedactedCopy {
  /** The copy's session id: what `codex exec fork` is given. */
  id: string;
  path: string;
  /** Lines that held something masked. */
  maskedLines: number;
  /** Lines that are not JSON, left out (Codex passes over them too, and they may hold anything). */
  droppedLines: number;
  remove(): Promise<void>;
}

/** `rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl` under `sessions/YYYY/MM/DD/`, as Codex names a rollout (UTC here). */
function copyPath(codexHome: string, id: string, now: Date): string {
  const iso = now.toISOString();
  const [date] = iso.split('T') as [string];
  const [year, month, day] = date.split('-') as [string, string, string];
  const stamp = iso.slice(0, 19).replaceAll(':', '-');
  return join(codexHome, 'sessions', year, month, day, `rollout-${stamp}-${id}.jsonl`);
}

/**
 * Writes the redacted copy of the rollout at `source.path` (session `source.id`) into `codexHome`. The first
 * line's session metadata takes the new id, so Codex reads the copy as a session of its own.
 */
export async function writeRedactedCopy(
  codexHome: string,
  stateDir: string,
  source: { id: string; path: string },
  now: Date = new Date(),
): Promise<RedactedCopy> {
  const id = randomUUID();
  const path = copyPath(codexHome, id, now);
  // Recorded first: a list taken while the copy exists never shows it.
  await recordOwnThread(stateDir, id, { kind: 'redacted_copy', session_id: source.id });
  await mkdir(join(path, '..'), { recursive: true });
  const out = await open(path, 'wx', 0o600);
  const remove = () => rm(path, { force: true });
  let maskedLines = 0;
  let droppedLines = 0;
  try {
    let first = true;
    let pending: string[] = [];
    let pendingBytes = 0;
    let readSinceYield = 0;
    // Every line whole (no head or tail cap), read as the parser reads rollouts.
    for (const raw of readLines(source.path, WHOLE_LINES)) {
      // The reads are synchronous: let the server's other work run now and then.
      readSinceYield += raw.bytes;
      if (readSinceYield >= YIELD_BYTES) {
        readSinceYield = 0;
        await setImmediate();
      }
      const line = raw.head.toString('utf8');
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        droppedLines += 1;
        continue;
      }
      if (first) renameSession(value, source.id, id);
      first = false;
      const redacted = JSON.stringify(redactDeep(value, KEPT));
      if (redacted.includes('[REDACTED:') && redacted !== JSON.stringify(value)) maskedLines += 1;
      pending.push(redacted);
      pendingBytes += redacted.length;
      if (pendingBytes >= 1 << 20) {
        await out.write(`${pending.join('\n')}\n`);
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pending.length > 0) await out.write(`${pending.join('\n')}\n`);
    await out.close();
  } catch (error) {
    await out.close().catch(() => {});
    await remove();
    throw error;
  }
  return { id, path, maskedLines, droppedLines, remove };
}

/** The session metadata line names the copy: its id (and the session id newer releases write beside it). */
function renameSession(value: unknown, from: string, to: string): void {
  if (typeof value !== 'object' || value === null) return;
  const line = value as { type?: unknown; payload?: unknown };
  if (line.type !== 'session_meta' || typeof line.payload !== 'object' || line.payload === null) return;
  const payload = line.payload as Record<string, unknown>;
  for (const key of ['id', 'session_id']) if (payload[key] === from) payload[key] = to;
}
