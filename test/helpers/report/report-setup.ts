import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCodexHome, type TempCodexHome } from '../codex-home.js';
import { type ModelReply, type ModelRequest, type ModelServer, startModelServer } from '../model-server.js';
import { FIXTURE_SESSIONS_0169 } from './report-cli.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** The built CLI, as a person runs it. */
const BIN = join(ROOT, 'bin', 'codex-retro.js');
/** A rollout whose folder is gone and which recorded the AGENTS.md text Codex was given. */
const GONE_PROJECT_SESSIONS = join(ROOT, 'test', 'fixtures', 'report', 'gone-project');
export const GONE_PROJECT_ID = '01a2011f-e9a0-7b5e-9c3d-6a0e7f1d2c4b';
export const OTEL_FIXTURES = join(ROOT, 'test', 'fixtures', 'otel');

/** The fixtures were written on 2026-11-22: a fixed window keeps the tests independent of today's date. */
export const WINDOW = ['--since', '2026-11-22', '--until', '2026-11-22', '--no-open', '--user-name', 'Sam'];

export interface ReportSetup {
  server: ModelServer;
  home: TempCodexHome;
  root: string;
  env: NodeJS.ProcessEnv;
  /** What the model server answers; a test replaces it. */
  reply: (request: ModelRequest) => ModelReply;
  close(): Promise<void>;
}

/**
 * A model server whose answers each test sets, and a CODEX_HOME holding the 0.169 fixture sessions (and, with
 * `goneProject`, the session whose folder is gone).
 */
export async function setUpReport(
  options: { sessions?: boolean; goneProject?: boolean } = {},
): Promise<ReportSetup> {
  const setup = {
    reply: (_: ModelRequest): ModelReply => ({ kind: 'message', text: 'no reply scripted' }),
  } as ReportSetup;
  setup.server = await startModelServer((request) => setup.reply(request));
  setup.home = await makeCodexHome({
    modelServerUrl: setup.server.url,
    ...(options.sessions === false ? {} : { copySessionsFrom: FIXTURE_SESSIONS_0169 }),
  });
  if (options.goneProject) {
    await cp(GONE_PROJECT_SESSIONS, join(setup.home.dir, 'sessions'), { recursive: true });
  }
  setup.root = await mkdtemp(join(tmpdir(), 'codex-retro-report-'));
  setup.env = {
    ...setup.home.env,
    CODEX_RETRO_CACHE_DIR: join(setup.root, 'cache'),
    CODEX_RETRO_STATE_DIR: join(setup.root, 'state'),
  };
  setup.close = async () => {
    await setup.server.close();
    await setup.home.cleanup();
    await rm(setup.root, { recursive: true, force: true });
  };
  return setup;
}

export interface SpawnedCli {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Runs the built CLI in a process of its own (so Ctrl-C and hangs can be tested); with `killAfterMs` a run
 * still going then is killed (and ends with that signal).
 */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { killAfterMs?: number } = {},
): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const killer = options.killAfterMs
    ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
    : undefined;
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<Awaited<SpawnedCli['done']>>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

/** Resolves once `predicate` holds, checking every 25 ms, or rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
