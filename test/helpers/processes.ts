import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  pgid: number;
  state: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, state: fields[0] ?? '?', pgid: Number(fields[2]), command };
  } catch {
    return null;
  }
}

/**
 * Processes still running (zombies excluded: in some containers nobody reaps orphans) whose working directory
 * is `dir` or inside it: a codex run and every command it started, when the run had `dir` as its cwd.
 */
export function findLiveProcesses(dir: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      continue;
    }
    if (cwd !== dir && !cwd.startsWith(`${dir}/`)) continue;
    const info = readProcess(pid);
    if (info && info.state !== 'Z') found.push(info);
  }
  return found;
}

/**
 * The processes under `dir` still running after up to `timeoutMs`: a process killed with SIGKILL takes a moment
 * to finish dying (a many-threaded Codex shows as running, with no command line, while it tears down).
 */
export async function processesLeft(dir: string, timeoutMs = 5000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = findLiveProcesses(dir);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function listGroup(pgid: number): ProcessInfo[] {
  return readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid))
    .map(readProcess)
    .filter((info): info is ProcessInfo => info !== null && info.pgid === pgid);
}

/**
 * True when no live process is left in the group: `kill(-pgid, 0)` answers ESRCH, or only zombies remain.
 * Zombies are dead processes waiting to be reaped; where PID 1 does not reap orphans (some containers) an
 * orphaned child that Codex started keeps its group "existing" forever.
 */
export function isGroupGone(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return listGroup(pgid).every((member) => member.state === 'Z');
}
