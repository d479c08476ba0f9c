import { execFile } from 'node:child_process';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runCodex } from '../codex/index.js';
import { resolveCacheDir, resolveCodexBin, resolveCodexHome, resolveStateDir } from '../config.js';
import { RetroError } from '../errors.js';
import { createJobRegistry } from '../jobs/index.js';
import { openSessionStore } from '../sessions/store.js';
import { failOrphanedProposals } from './apply/review.js';
import { refuseWithoutRepo } from './no-repo.js';
import { createOrchestrator } from './orchestrator.js';
import { findPackageFile } from './package-files.js';

const run = promisify(execFile);

/** The git repository around `dir` (`git rev-parse --show-toplevel`), which proposals change. */
export async function resolveRepoRoot(dir: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: dir });
    return stdout.trim();
  } catch {
    throw new RetroError(
      'not_a_git_repo',
      `${dir} is not inside a git repository. Run codex-retro inside the repository whose skills and AGENTS.md you want to improve, or pass --repo DIR.`,
      { status: 400 },
    );
  }
}

async function hasSessions(codexHome: string): Promise<boolean> {
  for (const tree of ['sessions', 'archived_sessions']) {
    const entries = await readdir(join(codexHome, tree)).catch(() => [] as string[]);
    if (entries.length > 0) return true;
  }
  return false;
}

/**
 * A fresh machine has no Codex history: the sample rollouts shipped with codex-retro (real rollouts written by
 * Codex releases, `samples/codex-home`) are copied into a demo Codex home under the state dir, so the UI has
 * something to show. A copy, because a run on a sample (a fork) writes into its Codex home.
 */
async function prepareDemoHome(stateDir: string): Promise<string | null> {
  const samples = await findPackageFile(join('samples', 'codex-home'));
  if (!samples) return null;
  const home = join(stateDir, 'demo-codex-home');
  await mkdir(home, { recursive: true });
  await cp(samples, home, { recursive: true, force: false, errorOnExist: false });
  return home;
}

/**
 * The repository workflows write to: `--repo` (which must be one), none with `--no-repo`, else the one around
 * the working directory — which only a command that can do without (`serve` browsing) may lack.
 */
async function findRepo(options: WorkspaceOptions): Promise<string | null> {
  if (options.repo === false) return null;
  if (typeof options.repo === 'string') return resolveRepoRoot(resolve(options.cwd, options.repo));
  try {
    return await resolveRepoRoot(options.cwd);
  } catch (error) {
    if (options.repoOptional) return null;
    throw error;
  }
}

export interface WorkspaceOptions {
  /** A directory in the repository; false: none. */
  repo?: string | false | undefined;
  /** Open without a repository when none is named and the working directory is in none. */
  repoOptional?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  codexHome?: string | undefined;
  codexBin?: string | undefined;
  allowSubtreeAgents?: boolean;
  /** Let insights runs ask for a sandbox above read-only (`serve --allow-write-sandbox`). */
  allowWriteSandbox?: boolean;
  /** Serve sample sessions when the Codex home has none (the server does; the CLI twins do not). */
  demoFallback?: boolean;
  /** Mark proposals whose job was interrupted by an earlier stop as failed (the long-lived server does). */
  recoverInterrupted?: boolean;
}

/**
 * Everything one repository's workflows need (or, without a repository, what browsing needs and workflows that
 * say they need one), wired from flags and environment: the shared CLI/API setup.
 */
export async function openWorkspace(options: WorkspaceOptions) {
  const repoRoot = await findRepo(options);
  const stateDir = resolveStateDir(options.env);
  const requestedCodexHome = resolveCodexHome(options.codexHome, options.env);
  let codexHome = requestedCodexHome;
  const codexBin = resolveCodexBin(options.codexBin, options.env);
  let demo = false;
  if (options.demoFallback && !(await hasSessions(requestedCodexHome))) {
    const demoHome = await prepareDemoHome(stateDir);
    if (demoHome) {
      codexHome = demoHome;
      demo = true;
    }
  }
  const sessions = openSessionStore({ codexHome, cacheDir: resolveCacheDir(options.env), stateDir });
  // Without a repository no job can start (workflows refuse), so no record is ever written there.
  const runsDir = repoRoot ? join(repoRoot, '.codex-orchestrator', 'runs') : join(stateDir, 'runs');
  const jobs = createJobRegistry({ runsDir, stateDir });
  if (options.recoverInterrupted && repoRoot)
    await failOrphanedProposals({ repoRoot, stateDir }, jobs.list());
  const deps = {
    stateDir,
    codexHome,
    codexBin,
    env: Object.fromEntries(
      Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    sessions,
    jobs,
    runCodex,
    allowSubtreeAgents: options.allowSubtreeAgents ?? false,
    allowWriteSandbox: options.allowWriteSandbox ?? false,
  };
  const orchestrator = repoRoot ? createOrchestrator({ repoRoot, ...deps }) : refuseWithoutRepo(codexHome);
  return {
    repoRoot,
    codexHome,
    requestedCodexHome,
    codexBin,
    stateDir,
    demo,
    allowWriteSandbox: options.allowWriteSandbox ?? false,
    allowSubtreeAgents: options.allowSubtreeAgents ?? false,
    sessions,
    jobs,
    orchestrator,
    close: () => sessions.close(),
  };
}

export type Workspace = Awaited<ReturnType<typeof openWorkspace>>;
