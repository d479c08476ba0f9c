import { stat } from 'node:fs/promises';
import type { Transcript } from '../sessions/transcript/transcript.js';
import type { SessionDetail } from '../sessions/types.js';
import type { SessionSource } from './deps.js';

/** Each holds a byte per entry and a checkpoint per 4 MB of rollout: a few megabytes for a gigabyte. */
const KEEP = 4;

export type PagedSessionSource = SessionSource & { openTranscript(id: string): Promise<Transcript | null> };

/**
 * The UI pages through a long transcript one request at a time. A transcript read in parts (the store's
 * `openTranscript`) costs one pass over the rollout to open and a few megabytes of it per page after that,
 * in memory that does not grow with the session: the last few opened are kept, keyed by the rollout's size and
 * mtime so a session that grows (a resume) is read again. Concurrent requests for one session share its
 * opening. A source that only gives whole transcripts is paged from the whole.
 */
export function cacheTranscripts(source: SessionSource): PagedSessionSource {
  const cache = new Map<string, { key: string; opening: Promise<Transcript | null> }>();
  const open = async (id: string): Promise<Transcript | null> => {
    if (source.openTranscript) return source.openTranscript(id);
    const detail = await source.get(id);
    return detail ? transcriptOfDetail(detail) : null;
  };
  return {
    list: (options) => source.list(options),
    get: (id) => source.get(id),
    ...(source.resolvePath ? { resolvePath: source.resolvePath.bind(source) } : {}),
    async openTranscript(id) {
      const path = source.resolvePath ? await source.resolvePath(id) : null;
      const info = path ? await stat(path).catch(() => null) : null;
      if (!info) return open(id);
      const key = `${path}:${info.size}:${info.mtimeMs}`;
      const hit = cache.get(id);
      if (hit && hit.key === key) {
        cache.delete(id);
        cache.set(id, hit);
        return hit.opening;
      }
      const opening = open(id);
      cache.set(id, { key, opening });
      while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
      // A failed opening is not kept: the next request tries again.
      opening.catch(() => {
        if (cache.get(id)?.opening === opening) cache.delete(id);
      });
      const transcript = await opening;
      if (!transcript && cache.get(id)?.opening === opening) cache.delete(id);
      return transcript;
    },
  };
}

/** A transcript already held whole, paged from memory. */
function transcriptOfDetail(detail: SessionDetail): Transcript {
  return {
    id: detail.id,
    metadata: detail.metadata,
    turns: detail.turns,
    total: detail.messages.length,
    async *entries(from = 0, to = detail.messages.length) {
      const entries = detail.messages.slice(from, to);
      if (entries.length > 0) yield entries;
    },
  };
}
