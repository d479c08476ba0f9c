import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { assertId, ID_PATTERNS } from '../ids.js';
import { redactText } from '../redact/index.js';
import { dedupeKey } from './normalize/normalize-text.js';

/**
 * Turns codex-retro added to a person's session by resuming it (`insights run --mode resume`, and the repair
 * prompt of a resumed run). A resume appends to the person's own rollout, so the session stays theirs; these
 * records say which of its prompts were codex-retro's: the run, when the prompt was sent, and a key of the
 * prompt (never its text). One JSON object per line, append-only, in codex-retro's state directory.
 */
const FILE_NAME = 'own-turns.jsonl';

export interface OwnTurn {
  session_id: string;
  job_id: string;
  kind: string;
  /** `dedupeKey` of the prompt as a transcript shows it (redacted). */
  prompt_key: string;
  sent_at: string;
}

/** The key a prompt and the transcript entry Codex recorded for it share. */
function ownPromptKey(text: string): string {
  return dedupeKey('user', 'message', redactText(text));
}

type NewOwnTurn = Omit<OwnTurn, 'prompt_key'> & { prompt: string; backfilled?: boolean };

function toLine(turn: NewOwnTurn): string {
  assertId('session', turn.session_id);
  const { prompt, ...rest } = turn;
  return `${JSON.stringify({ ...rest, prompt_key: ownPromptKey(prompt), recorded_at: new Date().toISOString() })}\n`;
}

/** Remembers, before Codex is started, that `prompt` is about to be sent into the person's session. */
export async function recordOwnTurn(stateDir: string, turn: NewOwnTurn): Promise<void> {
  const line = toLine(turn);
  await mkdir(stateDir, { recursive: true });
  await appendFile(join(stateDir, FILE_NAME), line, 'utf8');
}

/** Records of runs that resumed sessions before these records existed (from their run records), at once. */
export function backfillOwnTurns(stateDir: string, turns: NewOwnTurn[]): void {
  if (turns.length === 0) return;
  const lines = turns.map(toLine).join('');
  mkdirSync(stateDir, { recursive: true });
  appendFileSync(join(stateDir, FILE_NAME), lines, 'utf8');
}

function parse(line: string): OwnTurn | null {
  try {
    const value = JSON.parse(line) as Record<string, unknown> | null;
    if (typeof value !== 'object' || value === null) return null;
    const { session_id, job_id, kind, prompt_key, sent_at } = value;
    if (typeof session_id !== 'string' || !ID_PATTERNS.session.test(session_id)) return null;
    if (typeof job_id !== 'string' || typeof prompt_key !== 'string' || typeof sent_at !== 'string')
      return null;
    if (Number.isNaN(Date.parse(sent_at))) return null;
    return { session_id, job_id, kind: typeof kind === 'string' ? kind : 'run', prompt_key, sent_at };
  } catch {
    return null;
  }
}

/**
 * Every record by session, oldest prompt first; a job's prompt recorded twice (a backfill beside the live
 * record) is kept once. A missing file means none. Read synchronously, like own-threads.jsonl.
 */
export function readOwnTurns(stateDir: string): { turns: Map<string, OwnTurn[]>; malformed: number } {
  let text: string;
  try {
    text = readFileSync(join(stateDir, FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { turns: new Map(), malformed: 0 };
    throw error;
  }
  const turns = new Map<string, OwnTurn[]>();
  const seen = new Set<string>();
  let malformed = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const turn = parse(line);
    if (!turn) {
      malformed += 1;
      continue;
    }
    const key = `${turn.job_id}\u0000${turn.prompt_key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = turns.get(turn.session_id) ?? [];
    list.push(turn);
    turns.set(turn.session_id, list);
  }
  for (const list of turns.values()) list.sort((a, b) => a.sent_at.localeCompare(b.sent_at));
  return { turns, malformed };
}
