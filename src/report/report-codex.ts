import type { z } from 'zod';
import { runCodex } from '../codex/index.js';
import { isRetroError, RetroError } from '../errors.js';
import { recordOwnThread } from '../sessions/own-threads.js';

/** What every Codex run of the report shares: where Codex lives, the model, and the report's Ctrl-C. */
export interface ReportCodexOptions {
  codexHome: string;
  codexBin: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  model?: string;
  /** Aborted on Ctrl-C: the run's whole process tree is stopped. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

function childEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * One `codex exec --sandbox read-only` with the prompt on stdin and `schema` as `--output-schema` (one repair
 * attempt happens in the runner). The thread it makes is recorded as codex-retro's own, whether the run
 * succeeds or not, so no later report or listing counts it as the person's.
 */
export async function runReportCodex<T>(
  options: ReportCodexOptions,
  run: { prompt: string; schema: z.ZodType<T>; cwd: string; kind: 'report' | 'report_facets' },
): Promise<{ answer: T; threadId: string }> {
  const record = (threadId: string) =>
    recordOwnThread(options.stateDir, threadId, { kind: run.kind, run_dir: run.cwd });
  try {
    const result = await runCodex<T>({
      mode: 'new',
      prompt: run.prompt,
      schema: run.schema,
      cwd: run.cwd,
      codexHome: options.codexHome,
      codexBin: options.codexBin,
      env: childEnv(options.env),
      ...(options.model ? { model: options.model } : {}),
      sandbox: 'read-only',
      skipGitRepoCheck: true,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    await record(result.threadId);
    if (result.answer === undefined)
      throw new RetroError('codex_invalid_answer', 'Codex gave no usable answer.');
    return { answer: result.answer, threadId: result.threadId };
  } catch (error) {
    const threadId = isRetroError(error) ? error.details?.thread_id : undefined;
    if (typeof threadId === 'string') await record(threadId).catch(() => {});
    throw error;
  }
}
