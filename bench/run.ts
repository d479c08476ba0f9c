/**
 * `npm run bench`: the index cache against a plain "read every line and JSON.parse it" pass over the same
 * store, all from one run. BENCH_SCALE (default 1 = ~1,000 rollouts / 1 GB + one 300 MB rollout) sizes it;
 * BENCH_ROUNDS (default 3) is how many times every figure is measured, the figures of a round back to back.
 * The store is measured as users run it: the built code in dist/ (rebuilt here first).
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tuneCompiler } from '../src/compiler-tuning.js';
import { largeScanThreads } from '../src/sessions/scan/scan-threads.js';
import { ensureBenchData } from './generate.js';

interface ChildFigures {
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

/** One round of every figure, measured back to back so a change in the machine's load hits them alike. */
interface Round {
  baseline: { ms: number; cpuMs: number; lines: number };
  floorMs: number;
  parse: ChildFigures;
  coldOneThread: ChildFigures;
  cold: ChildFigures;
  warm: ChildFigures;
  cliMs: number;
  cliSessions: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function buildDist(): void {
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; only a missing store is fatal.
  }
  if (!existsSync(join(ROOT, 'dist', 'sessions', 'store.js'))) throw new Error('dist/ was not built');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Reads every byte once; also the floor: reading the bytes and finding the newlines, nothing else. */
function readEveryByte(files: string[]): number {
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

function timeCli(codexHome: string, cacheDir: string, stateDir: string): { ms: number; sessions: number } {
  const started = performance.now();
  const out = execFileSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'codex-retro.js'),
      'sessions',
      'list',
      '--json',
      '--include-own',
      '--codex-home',
      codexHome,
    ],
    {
      env: { ...process.env, CODEX_RETRO_CACHE_DIR: cacheDir, CODEX_RETRO_STATE_DIR: stateDir },
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    },
  );
  return { ms: performance.now() - started, sessions: (JSON.parse(out) as unknown[]).length };
}

const scale = Number(process.env.BENCH_SCALE ?? '1');
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? '3'));
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
const data = ensureBenchData(scale);
buildDist();
// Every figure, the baseline's too, runs with the compiler settings the CLI starts with.
tuneCompiler();
const files = listFiles(join(data.codexHome, 'sessions'));
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const work = mkdtempSync(join(tmpdir(), 'codex-retro-bench-'));
const stateDir = join(work, 'state');

async function measureRound(round: number): Promise<Round> {
  const floorMs = readEveryByte(files);
  const baseline = await parseEveryLine(files);
  const parse = runChild('parse', data.codexHome, join(work, `parse-${round}`), stateDir);
  const coldOneThread = runChild('index-one-thread', data.codexHome, join(work, `one-${round}`), stateDir);
  const cacheDir = join(work, `cache-${round}`);
  const cold = runChild('index', data.codexHome, cacheDir, stateDir);
  const warm = runChild('warm', data.codexHome, cacheDir, stateDir, data.rareWord, data.rareSessionId);
  const cli = timeCli(data.codexHome, cacheDir, stateDir);
  return { baseline, floorMs, parse, coldOneThread, cold, warm, cliMs: cli.ms, cliSessions: cli.sessions };
}

try {
  readEveryByte(files);
  const rounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await measureRound(round));

  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  /** Median over the rounds, and the range when there are several. */
  const each = (pick: (r: Round) => number, show: (n: number) => string) => {
    const values = rounds.map(pick);
    const range = rounds.length > 1 ? ` (${show(Math.min(...values))}–${show(Math.max(...values))})` : '';
    return `${show(median(values))}${range}`;
  };
  const x = (n: number) => `${n.toFixed(3)}x`;
  const ratio = (pick: (r: Round) => number) => each((r) => pick(r) / r.baseline.ms, x);
  const cpuRatio = (pick: (r: Round) => number) => each((r) => pick(r) / r.baseline.cpuMs, x);
  const peak = (pick: (r: Round) => ChildFigures) => mb(Math.max(...rounds.map((r) => pick(r).maxRssBytes)));
  const last = rounds[rounds.length - 1] as Round;
  const planted = rounds.every((r) => r.warm.plantedFirst === 1) ? 'is' : 'is NOT';
  console.log(
    `store: ${files.length} rollouts, ${mb(bytes)}, largest line ${mb(data.giantLineBytes)}, BENCH_SCALE=${scale}`,
  );
  console.log(
    `${ROUNDS} rounds, each figure measured once per round, back to back; ratios are taken within a round, ` +
      'then the median (min–max) over the rounds is shown',
  );
  console.log(
    `baseline  readline + JSON.parse every line:  ${each((r) => r.baseline.ms, s)}, CPU ${each((r) => r.baseline.cpuMs, s)} (${last.baseline.lines} lines)`,
  );
  console.log(`floor     read every byte, find newlines:    ${ratio((r) => r.floorMs)} baseline`);
  console.log(
    `parser    scanRollout, one thread, no cache: ${ratio((r) => r.parse.ms)} baseline, CPU ${cpuRatio((r) => r.parse.cpuMs)}, ${last.parse.docs} docs`,
  );
  console.log(
    `cold      index from nothing, one thread:    ${ratio((r) => r.coldOneThread.ms)} baseline = ${each((r) => r.coldOneThread.ms, s)}, CPU ${cpuRatio((r) => r.coldOneThread.cpuMs)}, peak RSS ${peak((r) => r.coldOneThread)}, ${last.coldOneThread.sessions} sessions`,
  );
  console.log(
    `cold      index from nothing, all threads:   ${ratio((r) => r.cold.ms)} baseline = ${each((r) => r.cold.ms, s)}, CPU ${cpuRatio((r) => r.cold.cpuMs)}, peak RSS ${peak((r) => r.cold)}, ${last.cold.sessions} sessions`,
  );
  const threads = largeScanThreads(availableParallelism());
  console.log(
    `          (threads on this machine: this one parsing, ${threads.workers} parsing beside it, ${threads.readAhead ? 'one' : 'none'} reading ahead, ${threads.writerThread ? 'one' : 'none'} saving to SQLite)`,
  );
  const fraction = (n: number) => `1/${n.toFixed(0)}`;
  console.log(
    `warm      store.list, nothing changed:       ${each((r) => r.warm.ms, s)} = ${each((r) => r.cold.ms / r.warm.ms, fraction)} of cold, ${Math.max(...rounds.map((r) => r.warm.scans ?? -1))} rollouts read, ${last.warm.sessions} sessions`,
  );
  console.log(
    `warm      sessions list --json (CLI):        ${each((r) => r.cliMs, s)} incl. node start, ${last.cliSessions} sessions`,
  );
  console.log(
    `search    "${data.rareWord}" (tool output):    ${each((r) => r.warm.searchMs ?? 0, s)}, ${last.warm.matches} match, top ${planted} the planted session, ${Math.max(...rounds.map((r) => r.warm.searchScans ?? -1))} rollouts read`,
  );
  // A fast index that lost sessions is no result: say so and fail the run.
  const listed = rounds.flatMap((r) => [
    r.coldOneThread.sessions,
    r.cold.sessions,
    r.warm.sessions,
    r.cliSessions,
  ]);
  if (listed.some((count) => count !== files.length)) {
    console.error(
      `FAILED: an index did not list all ${files.length} rollouts (see the session counts above)`,
    );
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
