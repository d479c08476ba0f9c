import { RetroError } from '../errors.js';
import type { RunMode } from '../workflows/deps.js';
import { openWorkspace, type Workspace, type WorkspaceOptions } from '../workflows/workspace.js';
import type { CommandIo, OptionSpec } from './command.js';

/** Options the workflow commands share. */
export const workflowOptions = {
  repo: {
    type: 'string',
    description:
      'Repository the artifacts belong to (default: the git repository around the current directory)',
    valueName: 'DIR',
  },
  json: { type: 'boolean', description: 'Print JSON on stdout' },
} satisfies Record<string, OptionSpec>;

export const modeOption = {
  type: 'string',
  description:
    'fork (default: a new session branched from this one; the original is left unchanged) or resume (continues the session in place)',
  valueName: 'MODE',
} satisfies OptionSpec;

export const modelOption = {
  type: 'string',
  description: 'Model for the run (default: Codex config)',
  valueName: 'M',
} satisfies OptionSpec;

/** The workspace that --repo, --codex-home, --codex-bin and --allow-subtree-agents name. */
export function openWorkspaceFromFlags(
  values: Record<string, unknown>,
  io: CommandIo,
  options: Pick<WorkspaceOptions, 'demoFallback' | 'recoverInterrupted'> = {},
) {
  return openWorkspace({
    repo: values.repo as string | undefined,
    cwd: io.cwd,
    env: io.env,
    codexHome: values['codex-home'] as string | undefined,
    codexBin: values['codex-bin'] as string | undefined,
    allowSubtreeAgents: values['allow-subtree-agents'] === true,
    allowWriteSandbox: values['allow-write-sandbox'] === true,
    ...options,
  });
}

export function readMode(value: unknown): RunMode {
  if (value === undefined || value === 'fork') return 'fork';
  if (value === 'resume') return 'resume';
  throw new RetroError('invalid_option', `--mode must be fork or resume, not "${String(value)}".`);
}

export function requireOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') {
    throw new RetroError('invalid_option', `--${name} is required; see --help.`);
  }
  return value;
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
