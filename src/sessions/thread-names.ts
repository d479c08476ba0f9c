import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ThreadNames {
  /** Session id → the name the person gave the thread. */
  names: Map<string, string>;
  /** Lines that were not a `{id, thread_name}` object. */
  malformed: number;
}

/**
 * Reads `$CODEX_HOME/session_index.jsonl`, where Codex appends `{"id","thread_name","updated_at"}` each time a
 * thread is renamed: the last line for an id wins and blank names are ignored. A missing file means no names.
 */
export async function readThreadNames(codexHome: string): Promise<ThreadNames> {
  const names = new Map<string, string>();
  let malformed = 0;
  const stream = createReadStream(join(codexHome, 'session_index.jsonl'), { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const entry = parseEntry(line);
      if (!entry) malformed += 1;
      else if (entry.name !== '') names.set(entry.id, entry.name);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { names, malformed };
    throw error;
  } finally {
    lines.close();
    stream.destroy();
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
