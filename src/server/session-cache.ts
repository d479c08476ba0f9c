import { stat } from 'node:fs/promises';
import type { SessionDetail } from '../sessions/types.js';
import type { SessionSource } from './deps.js';

const KEEP = 3;

/**
 * The UI pages through a long transcript one request at a time; reading the rollout again for every page
 * would parse a multi-gigabyte file once per page. The last few transcripts are kept, keyed by the rollout's
 * size and mtime so a session that grows (a resume) is read again.
 */
export function cacheSessionDetails(source: SessionSource): SessionSource {
  if (!source.resolvePath) return source;
  const resolvePath = source.resolvePath.bind(source);
  const cache = new Map<string, { key: string; detail: SessionDetail }>();
  return {
    list: (options) => source.list(options),
    resolvePath,
    async get(id) {
      const path = await resolvePath(id);
      const info = path ? await stat(path).catch(() => null) : null;
      if (!info) return source.get(id);
      const key = `${path}:${info.size}:${info.mtimeMs}`;
      const hit = cache.get(id);
      if (hit && hit.key === key) {
        cache.delete(id);
        cache.set(id, hit);
        return hit.detail;
      }
      const detail = await source.get(id);
      if (!detail) return null;
      cache.set(id, { key, detail });
      while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
      return detail;
    },
  };
}
