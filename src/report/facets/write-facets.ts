import { isRetroError, type RetroError } from '../../errors.js';
import { redactDeep } from '../../redact/index.js';
import type { SessionDetail } from '../../sessions/types.js';
import { type ReportCodexOptions, runReportCodex } from '../report-codex.js';
import { computeFacetKey, type FacetKey, readCachedFacets, writeCachedFacets } from './facet-cache.js';
import {
  checkFacetEntry,
  createFacetContract,
  type FacetBatchSession,
  type SessionFacets,
} from './facet-contract.js';
import { buildFacetPrompt, splitIntoBatches } from './facet-prompt.js';
import { digestWholeSession } from './session-digest.js';

export interface FacetsResult {
  facets: Map<string, SessionFacets>;
  /** Sessions whose facets came from the cache. */
  cached: number;
  /** Sessions Codex wrote facets for in this run. */
  written: number;
  /** Sessions without facets, and why. */
  missing: { id: string; reason: string }[];
  /** A Codex run that failed outright (model down, timeout, Ctrl-C): the batches after it were not run. */
  failure: RetroError | null;
}

export interface WriteFacetsOptions {
  sessions: SessionDetail[];
  facetsDir: string;
  /** Where the `codex exec` runs (the report's run folder). */
  cwd: string;
  codex: ReportCodexOptions;
  /** false for `--prepare-only`: cached facets only, no Codex run. */
  allowCodex: boolean;
  log: (line: string) => void;
  now: () => Date;
}

/** The last answer of a failed run, from the runner's error details (the repair attempt's when there was one). */
function lastAnswer(error: RetroError): unknown {
  for (const key of ['second_answer', 'first_answer']) {
    const text = error.details?.[key];
    if (typeof text !== 'string') continue;
    try {
      return JSON.parse(text.replace(/^\s*```[a-z]*\n|\n```\s*$/g, ''));
    } catch {
      // Not JSON: nothing to salvage from this one.
    }
  }
  return null;
}

/** Entries of an answer that failed as a whole but hold up one by one. */
function salvage(error: RetroError, batch: FacetBatchSession[]): Map<string, SessionFacets> {
  const answer = lastAnswer(error) as { sessions?: unknown } | null;
  const kept = new Map<string, SessionFacets>();
  for (const entry of Array.isArray(answer?.sessions) ? answer.sessions : []) {
    const id = (entry as { session_id?: unknown })?.session_id;
    const facets = checkFacetEntry(entry, batch);
    if (facets && typeof id === 'string' && !kept.has(id)) kept.set(id, facets);
  }
  return kept;
}

/**
 * Facets for each session: from `facets/<id>.json` when its rollout is unchanged, else written by Codex from a
 * redacted digest of the whole session, in bounded batches (read-only sandbox), each saved as soon as it is in.
 * An answer that does not hold up costs only its own sessions; a run that fails outright stops the stage.
 */
export async function writeSessionFacets(options: WriteFacetsOptions): Promise<FacetsResult> {
  const result: FacetsResult = { facets: new Map(), cached: 0, written: 0, missing: [], failure: null };
  const todo: (FacetBatchSession & { key: FacetKey | null })[] = [];
  for (const session of options.sessions) {
    const key = await computeFacetKey(session.metadata.path);
    const cached = key ? await readCachedFacets(options.facetsDir, session.id, key) : null;
    if (cached) {
      result.facets.set(session.id, cached);
      result.cached += 1;
    } else todo.push({ id: session.id, digest: digestWholeSession(session), key });
  }
  if (todo.length === 0) {
    if (result.cached > 0)
      options.log(`Facets: all ${result.cached} session(s) unchanged, read from the cache.`);
    return result;
  }
  if (!options.allowCodex) {
    for (const session of todo) {
      result.missing.push({ id: session.id, reason: '--prepare-only does not run Codex' });
    }
    return result;
  }
  const batches = splitIntoBatches(todo);
  options.log(
    `Facets: ${result.cached} session(s) unchanged, ${todo.length} to write in ${batches.length} batch(es) (codex exec --sandbox read-only)…`,
  );
  const keys = new Map(todo.map((session) => [session.id, session.key]));
  for (const [index, batch] of batches.entries()) {
    const label = `Facets: batch ${index + 1}/${batches.length} (${batch.length} session(s))`;
    let answered: Map<string, SessionFacets>;
    let threadId = '';
    try {
      const run = await runReportCodex(options.codex, {
        prompt: buildFacetPrompt(batch),
        schema: createFacetContract(batch),
        cwd: options.cwd,
        kind: 'report_facets',
      });
      threadId = run.threadId;
      answered = new Map(run.answer.sessions.map(({ session_id, ...facets }) => [session_id, facets]));
    } catch (error) {
      if (!isRetroError(error)) throw error;
      if (error.code !== 'codex_invalid_answer') {
        result.failure = error;
        for (const later of batches.slice(index).flat()) {
          result.missing.push({ id: later.id, reason: `Codex did not run: ${error.message}` });
        }
        options.log(`${label} failed: ${error.message}`);
        return result;
      }
      answered = salvage(error, batch);
      const id = error.details?.thread_id;
      threadId = typeof id === 'string' ? id : '';
    }
    for (const session of batch) {
      // Codex saw a redacted digest, but nothing stops a model from writing a secret-shaped string of its own.
      const facets = redactDeep(answered.get(session.id));
      if (!facets) {
        result.missing.push({ id: session.id, reason: 'Codex’s facets for it did not hold up twice' });
        continue;
      }
      result.facets.set(session.id, facets);
      result.written += 1;
      const key = keys.get(session.id);
      if (key) {
        await writeCachedFacets(options.facetsDir, session.id, key, facets, {
          written_at: options.now().toISOString(),
          thread_id: threadId,
        });
      }
    }
    const lost = batch.length - batch.filter((s) => answered.has(s.id)).length;
    options.log(lost === 0 ? `${label} written.` : `${label}: ${lost} session(s) left without facets.`);
  }
  return result;
}
