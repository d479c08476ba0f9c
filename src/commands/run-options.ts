import { RetroError } from '../errors.js';
import { resolveSessionRef } from '../sessions/session-ref.js';
import type { RunMode } from '../workflows/deps.js';
import { openWorkspace, type Workspace, type WorkspaceOptions } from '../workflows/workspace.js';
import type { CommandIo } from './command.js';

/** The workspace that --repo, --codex-home, --codex-bin and --allow-subtree-agents name. */
export function openWorkspaceFromFlags(
  values: Record<string, unknown>,
  io: CommandIo,
  options: Pick<WorkspaceOptions, 'demoFallback' | 'recoverInterrupted' | 'repoOptional'> = {},
) {
  return openWorkspace({
    repo: values.repo as string | false | undefined,
    cwd: io.cwd,
    env: io.env,
    codexHome: values['codex-home'] as string | undefined,
    codexBin: values['codex-bin'] as string | undefined,
    allowSubtreeAgents: values['allow-subtree-agents'] === true,
    allowWriteSandbox: values['allow-write-sandbox'] === true,
    ...options,
  });
}

/** The full id of the session `--session` names, a short id included. */
export function resolveSessionFlag(workspace: Workspace, ref: string): Promise<string> {
  return resolveSessionRef(workspace.sessions, ref, workspace.codexHome);
}

/**
 * One stderr line for the run that starts; when the session chose a digest run because Codex cannot continue
 * it, a line before it says so and why.
 */
export function announceRun(
  io: CommandIo,
  what: string,
  requested: RunMode | undefined,
  started: { job_id: string; mode: RunMode; mode_reason: string | null },
): void {
  if (requested === undefined && started.mode === 'digest') {
    io.stderr.write(`${started.mode_reason ?? ''} It runs on a digest of the transcript instead.\n`);
  }
  io.stderr.write(`${what} (${started.mode}) as ${started.job_id}…\n`);
}

/**
 * Waits for a job the CLI started in-process, cancelling it on Ctrl-C, and turns a failed job into the
 * error it ended with.
 */
export async function waitForJob(workspace: Workspace, jobId: string, io: CommandIo) {
  const cancel = () => {
    io.stderr.write('Cancelling…\n');
    workspace.jobs.cancel(jobId);
  };
  process.once('SIGINT', cancel);
  try {
    const record = await workspace.jobs.wait(jobId);
    if (record.status !== 'succeeded') {
      const error = record.error ?? { code: 'job_failed', message: `The job ended ${record.status}.` };
      throw new RetroError(error.code, `${error.message} (job ${jobId})`);
    }
    return record;
  } finally {
    process.off('SIGINT', cancel);
  }
}
