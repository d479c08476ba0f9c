import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import {
  findLeftovers,
  freezeProcessTree,
  type ProcessTree,
  RUN_MARKER_VARIABLE,
  signalTree,
} from './process-tree.js';

/** How long a process tree gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3_000;
const STDERR_TAIL_BYTES = 4_096;

export interface SpawnOptions {
  bin: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  stdin: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onLine(line: string): void;
}

export interface SpawnOutcome {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stderrTail: string;
  timedOut: boolean;
  cancelled: boolean;
}

/** The spawn failed before the program ran (ENOENT, EACCES). */
export class SpawnError extends Error {
  readonly errno: string;
  constructor(errno: string, message: string) {
    super(message);
    this.errno = errno;
  }
}

/** Runs still going, so that none outlives codex-retro when it exits (its children are in other groups). */
const activeRuns = new Set<() => void>();
let exitHookInstalled = false;

function killActiveRuns(): void {
  for (const kill of activeRuns) kill();
}

function trackRun(kill: () => void): () => void {
  if (!exitHookInstalled) {
    process.once('exit', killActiveRuns);
    exitHookInstalled = true;
  }
  activeRuns.add(kill);
  return () => activeRuns.delete(kill);
}

/**
 * Runs a program as the leader of its own process group, feeds `stdin`, hands stdout to `onLine` line by line
 * and keeps the tail of stderr. On timeout or abort the whole tree gets SIGTERM, then SIGKILL after a grace
 * period (the npm `codex` is a node wrapper around the native binary, which runs the tools).
 */
export function spawnProcess(options: SpawnOptions): Promise<SpawnOutcome> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({
        exitCode: null,
        exitSignal: null,
        stderrTail: '',
        timedOut: false,
        cancelled: true,
      });
      return;
    }
    const marker = randomBytes(8).toString('hex');
    const child = spawn(options.bin, options.args, {
      cwd: options.cwd,
      env: { ...options.env, [RUN_MARKER_VARIABLE]: marker },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderrTail = '';
    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const pgid = child.pid ?? 0;
    let tree: ProcessTree = { pids: new Set(), groups: new Set([pgid]) };
    let stopping = false;

    const stopTree = (): void => {
      if (!pgid || stopping) return;
      stopping = true;
      tree = freezeProcessTree(pgid, marker);
      signalTree(tree, 'SIGTERM');
      signalTree(tree, 'SIGCONT');
      killTimer = setTimeout(() => signalTree(tree, 'SIGKILL'), KILL_GRACE_MS);
    };
    const untrack = trackRun(() => {
      if (pgid) signalTree(freezeProcessTree(pgid, marker), 'SIGKILL');
    });
    const timeout = setTimeout(() => {
      timedOut = true;
      stopTree();
    }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      stopTree();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const cleanUp = (): void => {
      untrack();
      clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanUp();
      reject(new SpawnError(error.code ?? 'UNKNOWN', error.message));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    // A child that exits before reading its stdin closes the pipe; that is reported through the exit code.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin);
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (line.trim() !== '') options.onLine(line);
    });

    child.once('close', (exitCode, exitSignal) => {
      cleanUp();
      // Whatever the run left behind (in its group, in groups its descendants led, or re-parented but
      // carrying the run's marker) does not outlive it. The leader itself is reaped by now.
      if (pgid) {
        const leftovers = findLeftovers(marker);
        tree.pids.delete(pgid);
        signalTree(
          {
            pids: new Set([...tree.pids, ...leftovers.pids]),
            groups: new Set([...tree.groups, ...leftovers.groups]),
          },
          'SIGKILL',
        );
      }
      resolve({ exitCode, exitSignal, stderrTail, timedOut, cancelled });
    });
  });
}
