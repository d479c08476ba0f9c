import { readdirSync, readFileSync } from 'node:fs';

/**
 * Codex starts some processes in sessions of their own (tool commands, its shell snapshot), so they are not
 * in the process group we spawn. Before stopping a run we look up every descendant of the leader in /proc and
 * stop the groups they lead as well. Where there is no /proc (macOS) only the spawned group is stopped.
 */
function readParents(): Map<number, { ppid: number; pgid: number }> {
  const parents = new Map<number, { ppid: number; pgid: number }>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After "pid (command) ": state, ppid, pgid, …; the command may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(pid, { ppid: Number(fields[1]), pgid: Number(fields[2]) });
    } catch {
      // The process ended while we looked.
    }
  }
  return parents;
}

export interface ProcessTree {
  /** Every descendant of the root. */
  pids: number[];
  /** The root's group and the groups its descendants lead. */
  groups: Set<number>;
}

/** The descendants of `rootPid` and the process groups they lead. */
export function findProcessTree(rootPid: number): ProcessTree {
  const parents = readParents();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const groups = new Set<number>([rootPid]);
  const pids: number[] = [];
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    for (const child of children.get(pid) ?? []) {
      // Only groups a descendant leads: never signal a group the descendant merely joined.
      if (parents.get(child)?.pgid === child) groups.add(child);
      pids.push(child);
      pending.push(child);
    }
  }
  return { pids, groups };
}

const STOPPED_STATES = new Set(['T', 't', 'Z', 'X']);

function readState(path: string): string | null {
  try {
    const stat = readFileSync(path, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/** True when every thread of every process in group `pgid` is stopped (or gone), so none can still fork. */
export function isGroupStopped(pgid: number): boolean {
  const members = [...readParents()].filter(([, info]) => info.pgid === pgid).map(([pid]) => pid);
  for (const pid of members) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      const state = readState(`/proc/${pid}/task/${task}/stat`);
      if (state !== null && !STOPPED_STATES.has(state)) return false;
    }
  }
  return true;
}
