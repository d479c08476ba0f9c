import { readdirSync, readFileSync } from 'node:fs';

/**
 * Stopping a Codex run means stopping every process it started. Codex starts some of them in sessions of
 * their own (tool commands, its shell snapshot), outside the process group we spawn, and those can start
 * more. So the tree is first frozen (SIGSTOP, round after round until no new process appears) and only then
 * signalled, by group and by pid. A process that escaped the tree (started by a process that exited, so
 * re-parented) is still recognised by the run's marker in its environment, which children inherit.
 * Reads /proc; where there is none (macOS) only the spawned group is handled.
 */

/** The environment variable that marks every process of one run. */
export const RUN_MARKER_VARIABLE = 'CODEX_RETRO_RUN_ID';

export interface ProcessTree {
  /** The root and every descendant found. */
  pids: Set<number>;
  /** The root's group and the groups descendants lead. */
  groups: Set<number>;
}

interface ProcStat {
  state: string;
  ppid: number;
  pgid: number;
}

/** Total time spent waiting for processes to stop before signalling them anyway. */
const FREEZE_DEADLINE_MS = 500;
const FREEZE_ROUNDS = 6;
const STOPPED_STATES = new Set(['T', 't', 'Z', 'X']);

function readStat(path: string): ProcStat | null {
  try {
    const stat = readFileSync(path, 'utf8');
    // After "pid (command) ": state, ppid, pgid, …; the command may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]), pgid: Number(fields[2]) };
  } catch {
    return null;
  }
}

function readAllStats(): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return stats;
  }
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readStat(`/proc/${pid}/stat`);
    if (stat) stats.set(pid, stat);
  }
  return stats;
}

function carriesMarker(pid: number, marker: string): boolean {
  try {
    const environment = `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`;
    return environment.includes(`\0${RUN_MARKER_VARIABLE}=${marker}\0`);
  } catch {
    return false;
  }
}

/**
 * The root (when given), processes carrying the run's marker, all their descendants, and the groups tree
 * members lead.
 */
function findProcessTree(rootPid: number | null, marker: string, stats: Map<number, ProcStat>): ProcessTree {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) {
    const siblings = children.get(ppid);
    if (siblings) siblings.push(pid);
    else children.set(ppid, [pid]);
  }
  const roots = [...stats.keys()].filter((pid) => pid !== rootPid && carriesMarker(pid, marker));
  if (rootPid !== null) roots.push(rootPid);
  const tree: ProcessTree = { pids: new Set(), groups: new Set(rootPid === null ? [] : [rootPid]) };
  const pending = [...roots];
  for (const pid of roots) {
    tree.pids.add(pid);
    if (stats.get(pid)?.pgid === pid) tree.groups.add(pid);
  }
  while (pending.length > 0) {
    for (const child of children.get(pending.pop() as number) ?? []) {
      // Only groups a descendant leads: never signal a group it merely joined.
      if (stats.get(child)?.pgid === child) tree.groups.add(child);
      tree.pids.add(child);
      pending.push(child);
    }
  }
  return tree;
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // Already gone.
  }
}

/** Signals every group of the tree (negative ids), then every member by pid in case it left its group. */
export function signalTree(tree: ProcessTree, signal: NodeJS.Signals): void {
  for (const group of tree.groups) send(-group, signal);
  for (const pid of tree.pids) send(pid, signal);
}

/** Every thread of every tree member (and of its groups) is stopped or gone, so none can still fork. */
function isTreeStopped(tree: ProcessTree, stats: Map<number, ProcStat>): boolean {
  for (const [pid, stat] of stats) {
    if (!tree.pids.has(pid) && !tree.groups.has(stat.pgid)) continue;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      const state = readStat(`/proc/${pid}/task/${task}/stat`)?.state;
      if (state !== undefined && !STOPPED_STATES.has(state)) return false;
    }
  }
  return true;
}

/**
 * Processes of a finished run still around: the marked ones and their descendants, with their groups. The
 * leader is not looked at: it has exited and been reaped, so its pid may belong to someone else by now.
 */
export function findLeftovers(marker: string): ProcessTree {
  return findProcessTree(null, marker, readAllStats());
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Freezes the tree rooted at `rootPid` (a group leader) and returns it. Synchronous so the exit hook can use
 * it; it usually takes a few milliseconds and never more than FREEZE_DEADLINE_MS.
 */
export function freezeProcessTree(rootPid: number, marker: string): ProcessTree {
  const deadline = Date.now() + FREEZE_DEADLINE_MS;
  let tree: ProcessTree = { pids: new Set([rootPid]), groups: new Set([rootPid]) };
  for (let round = 0; round < FREEZE_ROUNDS; round++) {
    signalTree(tree, 'SIGSTOP');
    while (!isTreeStopped(tree, readAllStats()) && Date.now() < deadline) sleepSync(2);
    const found = findProcessTree(rootPid, marker, readAllStats());
    const grew = [...found.pids].some((pid) => !tree.pids.has(pid));
    tree = {
      pids: new Set([...tree.pids, ...found.pids]),
      groups: new Set([...tree.groups, ...found.groups]),
    };
    if (!grew || Date.now() >= deadline) break;
  }
  return tree;
}
