/**
 * One round of figures on one store, measured back to back so a change in the machine's load hits them alike:
 * the baselines (read every byte; readline + JSON.parse every line), the index in child processes, the CLI
 * cold and warm, and ccusage on the same files.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { runCcusage, type Timed, timeCommand } from './peers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ChildFigures {
  ms: number;
  /** CPU time of all the child's threads while measuring. */
  cpuMs: number;
  sessions: number;
  docs?: number;
  maxRssBytes: number;
  /** `warm` only: rollouts read by the list and by the search, and what the search found. */
  scans?: number;
  searchMs?: number;
  searchScans?: number;
  matches?: number;
  plantedFirst?: number;
}

type CliRun = Timed & { sessions: number };

export interface Round {
  baseline: { ms: number; cpuMs: number; lines: number };
  floorMs: number;
  parse: ChildFigures;
  coldOneThread: ChildFigures;
  cold: ChildFigures;
  warm: ChildFigures;
  /** `sessions list --json` through the CLI with an empty cache, then again on the cache it left. */
  coldCli: CliRun;
  warmCli: CliRun;
  ccusage: CliRun | null;
}

export interface StoreUnderTest {
  codexHome: string;
  files: string[];
  /** For the warm child's index search: a word in one session, and that session. */
  rareWord: string;
  rareSessionId: string;
}

/** Reads every byte once; also the floor: reading the bytes and finding the newlines, nothing else. */
export function readEveryByte(files: string[]): number {
  const started = performance.now();
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (const file of files) {
    // Synchronous, as the parser reads: page-cache reads through the thread pool mostly wait.
    const fd = openSync(file, 'r');
    for (let position = 0; ; ) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let i = buffer.indexOf(10); i !== -1 && i < bytesRead; i = buffer.indexOf(10, i + 1));
    }
    closeSync(fd);
  }
  return performance.now() - started;
}

/** The baseline: stream every file line by line and JSON.parse every line. */
async function parseEveryLine(files: string[]): Promise<{ ms: number; cpuMs: number; lines: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let lines = 0;
  for (const file of files) {
    const input = createReadStream(file, { encoding: 'utf8' });
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line.length === 0) continue;
      JSON.parse(line);
      lines += 1;
    }
  }
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, lines };
}

type ChildMode = 'index' | 'index-one-thread' | 'parse' | 'warm';

function runChild(mode: ChildMode, codexHome: string, cacheDir: string, stateDir: string, ...rest: string[]) {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'cold-index.ts'), mode, codexHome, cacheDir, stateDir, ...rest],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ChildFigures;
}

/** `codex-retro sessions list --json` (plus `extra`), node start-up included. */
export function runCli(codexHome: string, cacheDir: string, stateDir: string, extra: string[] = []): CliRun {
  const timed = timeCommand(
    process.execPath,
    [
      join(ROOT, 'bin', 'codex-retro.js'),
      'sessions',
      'list',
      '--json',
      '--include-own',
      '--codex-home',
      codexHome,
      ...extra,
    ],
    { ...process.env, CODEX_RETRO_CACHE_DIR: cacheDir, CODEX_RETRO_STATE_DIR: stateDir },
  );
  let sessions = -1;
  try {
    sessions = (JSON.parse(timed.stdout) as unknown[]).length;
  } catch {
    // A failed run is shown with -1 sessions.
  }
  return { ...timed, sessions };
}

export async function measureRound(
  store: StoreUnderTest,
  work: string,
  round: number,
  ccusage: string | null,
): Promise<Round> {
  const { codexHome, files } = store;
  const stateDir = join(work, 'state');
  const dir = (name: string) => join(work, `${name}-${round}`);
  const floorMs = readEveryByte(files);
  const baseline = await parseEveryLine(files);
  const parse = runChild('parse', codexHome, dir('parse'), stateDir);
  const coldOneThread = runChild('index-one-thread', codexHome, dir('one'), stateDir);
  const cold = runChild('index', codexHome, dir('cache'), stateDir);
  const warm = runChild('warm', codexHome, dir('cache'), stateDir, store.rareWord, store.rareSessionId);
  // ccusage and the CLI's cold list back to back, on the same files.
  const ccusageRun = ccusage ? runCcusage(ccusage, codexHome) : null;
  const coldCli = runCli(codexHome, dir('cli'), stateDir);
  const warmCli = runCli(codexHome, dir('cli'), stateDir);
  for (const name of ['parse', 'one', 'cli']) rmSync(dir(name), { recursive: true, force: true });
  return { baseline, floorMs, parse, coldOneThread, cold, warm, coldCli, warmCli, ccusage: ccusageRun };
}
