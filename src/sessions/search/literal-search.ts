import { setImmediate } from 'node:timers/promises';
import { RetroError } from '../../errors.js';
import type { LiteralHit } from './confirm-line.js';
import { literalPatterns } from './literal-patterns.js';
import { createSearchBuffers, type FileSearch, searchFile } from './scan-file.js';

/**
 * The part of a search the index cannot answer: the index keeps the first 4,000 characters of each entry and
 * matches words, so a string deeper in a tool output, or one the tokenizer splits (`module_417.ts:611:3`), is
 * found here by reading the rollouts themselves. Files go one after another, newest first, so hits come out
 * in the order a list shows them; each file's outcome is remembered for its size and mtime, so paging through
 * the results of one query (the web UI asks page by page) reads only the files that changed.
 */

interface SearchTarget {
  path: string;
  /** Size and mtime as the index last saw them: a file that changed since is read again. */
  size: number;
  mtimeMs: number;
}

interface LiteralProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  found: number;
}

interface LiteralSearchOptions {
  /** Each hit as it is found, with the index of its target. */
  onHit?: (index: number, hit: LiteralHit) => void;
  onProgress?: (progress: LiteralProgress) => void;
  /** Stops between files; what was found so far is returned. */
  signal?: AbortSignal;
}

interface LiteralProblem {
  path: string;
  kind: 'vanished' | 'read_error' | 'oversize_line';
  message: string;
}

interface LiteralSearchResult {
  /** Hits by target index. */
  hits: Map<number, LiteralHit>;
  problems: LiteralProblem[];
}

/** Longest query searched in the rollouts: its spellings must fit a read many times over. */
const MAX_LITERAL_CHARS = 4096;
/** Queries whose outcomes per file are remembered. */
const REMEMBERED_QUERIES = 8;
/** Longest stretch of reading without letting other work on this thread (requests, a progress line) run. */
const YIELD_MS = 20;

/**
 * The literal text of what a person typed into the search box: as typed, but a query wrapped whole in one
 * pair of double quotes (an index phrase) stands for the text inside. Null when nothing is left.
 */
export function literalQuery(search: string): string | null {
  const text = search.trim();
  const inner =
    text.length > 2 && text.startsWith('"') && text.endsWith('"') && !text.slice(1, -1).includes('"')
      ? text.slice(1, -1)
      : text;
  return inner.length > 0 ? inner : null;
}

export interface LiteralSearcher {
  search(
    targets: SearchTarget[],
    query: string,
    options?: LiteralSearchOptions,
  ): Promise<LiteralSearchResult>;
}

export function createLiteralSearcher(): LiteralSearcher {
  /** Outcome per file key, per query; the least recently used query is forgotten first. */
  const remembered = new Map<string, Map<string, LiteralHit | null>>();
  let buffers: ReturnType<typeof createSearchBuffers> | null = null;

  return {
    async search(targets, query, options = {}) {
      if (query.length > MAX_LITERAL_CHARS) {
        throw new RetroError(
          'invalid_option',
          `The search text is ${query.length} characters long; search for at most ${MAX_LITERAL_CHARS}.`,
          { status: 400 },
        );
      }
      const patterns = literalPatterns(query);
      const known = remembered.get(query) ?? new Map<string, LiteralHit | null>();
      remembered.delete(query);
      remembered.set(query, known);
      while (remembered.size > REMEMBERED_QUERIES)
        remembered.delete(remembered.keys().next().value as string);
      buffers ??= createSearchBuffers();
      const result: LiteralSearchResult = { hits: new Map(), problems: [] };
      const bytesTotal = targets.reduce((sum, target) => sum + target.size, 0);
      const progress: LiteralProgress = {
        done: 0,
        total: targets.length,
        bytesDone: 0,
        bytesTotal,
        found: 0,
      };
      let yieldedAt = performance.now();
      for (const [index, target] of targets.entries()) {
        if (options.signal?.aborted) break;
        const key = `${target.size}:${target.mtimeMs}:${target.path}`;
        let hit = known.get(key);
        if (hit === undefined) {
          const outcome: FileSearch = await searchFile(target.path, query, patterns, buffers);
          hit = outcome.hit;
          // A file with a problem is searched again next time: it may be readable then.
          if (outcome.problem) result.problems.push({ path: target.path, ...outcome.problem });
          else known.set(key, hit);
        }
        if (hit) {
          result.hits.set(index, hit);
          progress.found++;
          options.onHit?.(index, hit);
        }
        progress.done++;
        progress.bytesDone += target.size;
        if (performance.now() - yieldedAt >= YIELD_MS) {
          options.onProgress?.({ ...progress });
          await setImmediate();
          yieldedAt = performance.now();
        }
      }
      options.onProgress?.({ ...progress });
      return result;
    },
  };
}
