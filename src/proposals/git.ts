import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { RetroError } from '../errors.js';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

const GIT_TIMEOUT_MS = 30_000;

/**
 * Runs `git` with an argument array in `cwd`. Git never looks for a repository above `cwd`
 * (GIT_CEILING_DIRECTORIES), so a folder that is not itself a checkout is treated as plain files,
 * and variables that would point git elsewhere are dropped.
 */
function runGit(cwd: string, args: string[], input?: string): Promise<GitResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CEILING_DIRECTORIES: dirname(cwd), LC_ALL: 'C' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_PREFIX']) {
    delete env[name];
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], timeout: GIT_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      reject(
        new RetroError(
          'git_unavailable',
          `Could not run git (${error.message}); install git and try again.`,
          {
            cause: error,
          },
        ),
      );
    });
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/**
 * The options every `git apply` gets, so the repo's own settings cannot change what a checked patch does:
 * no whitespace fixing and no ignoring of whitespace; every context line must match (git's default).
 */
const APPLY_ARGS = [
  '-c',
  'apply.whitespace=nowarn',
  '-c',
  'apply.ignoreWhitespace=no',
  'apply',
  '--whitespace=nowarn',
];

/** `git apply [--check] [-R]` of `patch` (fed on stdin) in `cwd`, touching the working tree only. */
export function gitApply(
  cwd: string,
  patch: string,
  options: { check?: boolean; reverse?: boolean; config?: string[] } = {},
): Promise<GitResult> {
  const args = [...(options.config ?? []).flatMap((setting) => ['-c', setting]), ...APPLY_ARGS];
  if (options.check) args.push('--check');
  if (options.reverse) args.push('-R');
  args.push('-');
  return runGit(cwd, args, patch);
}

/**
 * How the repository converts line endings (`core.autocrlf`, `core.eol`), as `name=value` settings, so a
 * scratch copy can apply a patch the way git will apply it in the repository. Empty outside a checkout.
 */
export async function readEolSettings(repoRoot: string): Promise<string[]> {
  const settings: string[] = [];
  for (const name of ['core.autocrlf', 'core.eol']) {
    const result = await runGit(repoRoot, ['config', '--get', name]);
    const value = result.stdout.trim();
    if (result.code === 0 && /^[a-z]+$/.test(value)) settings.push(`${name}=${value}`);
  }
  return settings;
}

/** `git init` of a scratch folder, so git reads the `.gitattributes` copied into it. */
export async function initScratchRepo(dir: string): Promise<void> {
  const result = await runGit(dir, ['init', '-q']);
  if (result.code !== 0) throw new Error(`git init failed in ${dir}: ${summarizeGitError(result)}`);
}

/** The first lines of git's complaint, without the noise, for a check message. */
export function summarizeGitError(result: GitResult): string {
  const lines = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.slice(0, 4).join(' / ') || `git exited with code ${result.code}`;
}
