import type { z } from 'zod';
import { readReportedSettings, type SandboxMode } from '../codex/index.js';
import { RetroError } from '../errors.js';
import type { JobContext } from '../jobs/index.js';
import { redactDeep } from '../redact/index.js';
import type { RunMode, WorkflowDeps } from './deps.js';
import { relayCodexEvent } from './events.js';
import { writeRedactedCopy } from './redacted-copy.js';

interface CodexJobRun<T> {
  mode: RunMode;
  sessionId: string;
  /** The session's rollout: a fork starts from its redacted copy. */
  sessionPath: string;
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
 * record, and the structured answer comes back redacted because it is stored and shown. A fork forks a redacted
 * copy of the session (redacted-copy.ts); a resume continues the session itself, whose history Codex sends as
 * it recorded it.
 */
export async function runCodexForJob<T>(
  deps: WorkflowDeps,
  ctx: JobContext,
  run: CodexJobRun<T>,
): Promise<{ answer: T; threadId: string; repaired: boolean }> {
  const copy = run.mode === 'fork' ? await copyForFork(deps, run) : null;
  if (copy) {
    ctx.log({
      type: 'session.redacted_copy',
      session_id: run.sessionId,
      copy_id: copy.id,
      masked_lines: copy.maskedLines,
      dropped_lines: copy.droppedLines,
    });
  }
  try {
    return await runOnSession(deps, ctx, run, copy?.id ?? run.sessionId);
  } finally {
    await copy?.remove();
  }
}

/** The redacted copy a fork starts from; a rollout that cannot be read ends the job with the cause. */
async function copyForFork(deps: WorkflowDeps, run: CodexJobRun<unknown>) {
  try {
    return await writeRedactedCopy(deps.codexHome, deps.stateDir, {
      id: run.sessionId,
      path: run.sessionPath,
    });
  } catch (error) {
    throw new RetroError(
      'session_unreadable',
      `Could not make the redacted copy of session ${run.sessionId} that a fork starts from (${(error as Error).message}); nothing was sent to Codex. Check that its rollout can still be read and that the Codex home's sessions folder can be written, or run in digest mode.`,
      { cause: error },
    );
  }
}

async function runOnSession<T>(
  deps: WorkflowDeps,
  ctx: JobContext,
  run: CodexJobRun<T>,
  sessionId: string,
): Promise<{ answer: T; threadId: string; repaired: boolean }> {
  // A digest run is a plain `codex exec`: the session reaches Codex only as the digest inside the prompt.
  const result = await deps.runCodex({
    ...(run.mode === 'digest' ? { mode: 'new' } : { mode: run.mode, sessionId }),
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
    onPrompt: (step) => ctx.notePrompt(step),
    skipGitRepoCheck: true,
  });
  ctx.update({ codex_thread_id: result.threadId, command: result.command });
  const reported = await readReportedSettings(deps.codexHome, result.threadId).catch(() => null);
  if (reported !== null) {
    ctx.update({ codex_reported: reported });
    // codex exec never asks for approval: "never" is what runs when nothing else is asked.
    const asked = { sandbox_policy: run.sandbox, approval_policy: run.approval ?? 'never' };
    if (
      reported.sandbox_policy !== asked.sandbox_policy ||
      reported.approval_policy !== asked.approval_policy
    ) {
      throw new RetroError(
        'codex_settings_mismatch',
        `Codex ran with sandbox ${reported.sandbox_policy ?? '?'} and approval ${reported.approval_policy ?? '?'}, not the ${asked.sandbox_policy} and ${asked.approval_policy} asked for; its answer is not used. Check $CODEX_HOME/config.toml.`,
      );
    }
  }
  if (result.answer === undefined) {
    throw new RetroError('codex_invalid_answer', `Codex finished without a structured answer; ${run.retry}.`);
  }
  return { answer: redactDeep(result.answer), threadId: result.threadId, repaired: result.repaired };
}

/**
 * A run does what its record says, or does not start: `codex exec` never asks for approval (it runs with
 * approval_policy "never" whatever is asked), and a sandbox above read-only lets Codex write to the repository
 * with nothing validated, so it needs the person who started the server to allow it (`--allow-write-sandbox`).
 */
export function refuseUnsafeRun(sandbox: SandboxMode, approval: string | null, allowWrite: boolean): void {
  if (approval !== null && approval !== 'never') {
    throw new RetroError(
      'approval_not_supported',
      `Headless Codex (codex exec) never asks for approval: it runs with approval "never" whatever is asked, so "${approval}" cannot be honoured; leave approval out or send "never".`,
      { status: 400 },
    );
  }
  if (sandbox !== 'read-only' && !allowWrite) {
    throw new RetroError(
      'sandbox_not_allowed',
      `A ${sandbox} sandbox lets Codex change the repository with nothing reviewed; this server allows only read-only runs. Start it with --allow-write-sandbox to allow more.`,
      { status: 403 },
    );
  }
}
