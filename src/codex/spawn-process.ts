import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { findProcessTree, isGroupStopped, type ProcessTree } from './process-tree.js';

/** How long a process tree gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3_000;
const STDERR_TAIL_BYTES = 4_096;
/** How long to wait for a frozen group to be fully stopped before looking up its tree anyway. */
const FREEZE_WAIT_MS = 250;

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
  /** The process group the child led; gone once this resolves. */
  pgid: number;
}

/** The spawn failed before the program ran (ENOENT, EACCES). */
export class SpawnError extends Error {
  readonly errno: string;
  constructor(errno: string, message: string) {
    super(message);
    this.errno = errno;
  }
}

function isAlive(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch {
    return false;
  }
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // Already gone.
  }
}

async function waitUntilStopped(pgid: number): Promise<void> {
  const deadline = Date.now() + FREEZE_WAIT_MS;
  while (!isGroupStopped(pgid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Signals every group of the tree (negative ids) and every descendant by pid, in case it left its group. */
function signalTree(tree: ProcessTree, signal: NodeJS.Signals): void {
  for (const group of tree.groups) if (isAlive(-group)) send(-group, signal);
  for (const pid of tree.pids) if (isAlive(pid)) send(pid, signal);
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
        pgid: 0,
      });
      return;
    }
    const child = spawn(options.bin, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderrTail = '';
    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const pgid = child.pid ?? 0;
    let tree: ProcessTree = { pids: [], groups: new Set([pgid]) };
    let stopping = false;
    let closed = false;

    // Freeze the group first (and wait until no thread is mid-fork) so Codex cannot start anything between
    // the lookup of its tree and the signal.
    const stopTree = async (): Promise<void> => {
      if (!pgid || stopping) return;
      stopping = true;
      send(-pgid, 'SIGSTOP');
      await waitUntilStopped(pgid);
      if (closed) return;
      tree = findProcessTree(pgid);
      signalTree(tree, 'SIGTERM');
      signalTree(tree, 'SIGCONT');
      killTimer = setTimeout(() => signalTree(tree, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      void stopTree();
    }, options.timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      void stopTree();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const cleanUp = (): void => {
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
      closed = true;
      cleanUp();
      // Whatever the run left behind, in its group or in groups its descendants led, does not outlive it.
      if (pgid) signalTree(tree, 'SIGKILL');
      resolve({ exitCode, exitSignal, stderrTail, timedOut, cancelled, pgid });
    });
  });
}
