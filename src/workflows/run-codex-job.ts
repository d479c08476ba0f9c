import type { z } from 'zod';
import type { SandboxMode } from '../codex/index.js';
import { RetroError } from '../errors.js';
import type { JobContext } from '../jobs/index.js';
import { redactDeep } from '../redact/index.js';
import type { RunMode, WorkflowDeps } from './deps.js';
import { relayCodexEvent } from './events.js';

interface CodexJobRun<T> {
  mode: RunMode;
  sessionId: string;
  prompt: string;
  schema: z.ZodType<T>;
  model: string | null;
  sandbox: SandboxMode;
  approval?: string | null;
  /** The next step named when Codex ends without an answer, e.g. "run insights again". */
  retry: string;
}

/**
 * Runs Codex on a session inside a job: its events go to the job log, the thread and the command to the run
 * record, and the structured answer comes back redacted because it is stored and shown.
 */
export async function runCodexForJob<T>(
  deps: WorkflowDeps,
  ctx: JobContext,
  run: CodexJobRun<T>,
): Promise<{ answer: T; threadId: string; repaired: boolean }> {
  const result = await deps.runCodex({
    mode: run.mode,
    sessionId: run.sessionId,
    prompt: run.prompt,
    schema: run.schema,
    cwd: deps.repoRoot,
    codexHome: deps.codexHome,
    codexBin: deps.codexBin,
    ...(deps.env ? { env: deps.env } : {}),
    ...(run.model ? { model: run.model } : {}),
    sandbox: run.sandbox,
    ...(run.approval ? { approval: run.approval } : {}),
    signal: ctx.signal,
    onEvent: (event) => relayCodexEvent(ctx, event),
    skipGitRepoCheck: true,
  });
  ctx.update({ codex_thread_id: result.threadId, command: result.command });
  if (result.answer === undefined) {
    throw new RetroError('codex_invalid_answer', `Codex finished without a structured answer; ${run.retry}.`);
  }
  return { answer: redactDeep(result.answer), threadId: result.threadId, repaired: result.repaired };
}
