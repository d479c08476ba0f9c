import { join } from 'node:path';
import { readLines } from '../read/line-reader.js';

export interface ThreadNames {
  /** Session id → the name the person gave the thread. */
  names: Map<string, string>;
  /** Lines that were not a `{id, thread_name}` object. */
  malformed: number;
}

/** A line of the index is a short object: a longer one is not a name record (and is not read whole). */
const MAX_LINE = 64 * 1024;

/**
 * Reads `$CODEX_HOME/session_index.jsonl`, where Codex appends `{"id","thread_name","updated_at"}` each time a
 * thread is renamed: the last line for an id wins and blank names are ignored. A missing file means no names.
 * Synchronous, in bounded memory, like the rollouts: the file is small, and a stream costs more to set up
 * than reading it.
 */
export async function readThreadNames(codexHome: string): Promise<ThreadNames> {
  const names = new Map<string, string>();
  let malformed = 0;
  try {
    for (const raw of readLines(join(codexHome, 'session_index.jsonl'), { headCap: MAX_LINE, tailCap: 0 })) {
      // A line longer than any name record is counted, not decoded.
      const line = raw.tail === null ? raw.head.toString('utf8') : null;
      if (line?.trim() === '') continue;
      const entry = line === null ? null : parseEntry(line);
      if (!entry) malformed += 1;
      else if (entry.name !== '') names.set(entry.id, entry.name);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { names, malformed };
    throw error;
  }
  return { names, malformed };
}

function parseEntry(line: string): { id: string; name: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { id, thread_name: name } = value as Record<string, unknown>;
  if (typeof id !== 'string' || (name !== undefined && name !== null && typeof name !== 'string'))
    return null;
  return { id: id.toLowerCase(), name: typeof name === 'string' ? name.trim().replace(/\s+/g, ' ') : '' };
}
