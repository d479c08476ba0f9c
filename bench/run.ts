/**
 * `npm run bench`: the index cache against a plain "read every line and JSON.parse it" pass over the same
 * store, all from one run. BENCH_SCALE (default 1 = ~1,000 rollouts / 1 GB + one 300 MB rollout) sizes it.
 * The store is measured as users run it: the built code in dist/ (rebuilt here first).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { largeScanThreads } from '../src/sessions/scan-threads.js';
import { ensureBenchData } from './generate.js';

type Store = typeof import('../src/sessions/store.js');
type Scan = typeof import('../src/sessions/scan.js');
interface ChildFigures {
  ms: number;
  /** CPU time of all the child's threads while measuring. */
  cpuMs: number;
  sessions: number;
  docs?: number;
  maxRssBytes: number;
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
async function readEveryByte(files: string[]): Promise<number> {
  const started = performance.now();
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (const file of files) {
    const handle = await open(file, 'r');
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let i = buffer.indexOf(10); i !== -1 && i < bytesRead; i = buffer.indexOf(10, i + 1));
    }
    await handle.close();
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

function runChild(
  mode: 'index' | 'index-one-thread' | 'parse',
  codexHome: string,
  cacheDir: string,
  stateDir: string,
): ChildFigures {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'cold-index.ts'), mode, codexHome, cacheDir, stateDir],
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
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
const data = ensureBenchData(scale);
buildDist();
const { openSessionStore } = (await import(
  new URL('../dist/sessions/store.js', import.meta.url).href
)) as Store;
const scan = (await import(new URL('../dist/sessions/scan.js', import.meta.url).href)) as Scan;
const files = listFiles(join(data.codexHome, 'sessions'));
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const work = mkdtempSync(join(tmpdir(), 'codex-retro-bench-'));
const cacheDir = join(work, 'cache');
const stateDir = join(work, 'state');

try {
  await readEveryByte(files);
  const rawMs = await readEveryByte(files);
  const baseline = await parseEveryLine(files);
  const parse = runChild('parse', data.codexHome, cacheDir, stateDir);
  const coldOneThread = runChild(
    'index-one-thread',
    data.codexHome,
    join(work, 'cache-one-thread'),
    stateDir,
  );
  const cold = runChild('index', data.codexHome, cacheDir, stateDir);

  let scans = 0;
  const counting = {
    parserVersion: scan.PARSER_VERSION,
    readSession: scan.readSession,
    scanRollout: (...args: Parameters<typeof scan.scanRollout>) => {
      scans += 1;
      return scan.scanRollout(...args);
    },
  };
  const warmStarted = performance.now();
  const store = openSessionStore({ codexHome: data.codexHome, cacheDir, stateDir, scanner: counting });
  const warmList = await store.list({ includeOwn: true });
  const warmMs = performance.now() - warmStarted;
  const warmScans = scans;
  const searchStarted = performance.now();
  const found = await store.list({ search: data.rareWord, includeOwn: true });
  const searchMs = performance.now() - searchStarted;
  store.close();
  const cli = timeCli(data.codexHome, cacheDir, stateDir);

  const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const x = (ms: number) => `${(ms / baseline.ms).toFixed(3)}x baseline`;
  const cpu = (ms: number) => `CPU ${s(ms)} = ${(ms / baseline.cpuMs).toFixed(3)}x`;
  const planted = found.sessions[0]?.id === data.rareSessionId ? 'is' : 'is NOT';
  console.log(
    `store: ${files.length} rollouts, ${mb(bytes)}, largest line ${mb(data.giantLineBytes)}, BENCH_SCALE=${scale}`,
  );
  console.log(
    `baseline  readline + JSON.parse every line:  ${s(baseline.ms)}, CPU ${s(baseline.cpuMs)} (${baseline.lines} lines)`,
  );
  console.log(`floor     read every byte, find newlines:    ${s(rawMs)} = ${x(rawMs)}`);
  console.log(
    `parser    scanRollout, one thread, no cache: ${s(parse.ms)} = ${x(parse.ms)}, ${cpu(parse.cpuMs)}, ${parse.docs} docs`,
  );
  console.log(
    `cold      index from nothing, one thread:    ${s(coldOneThread.ms)} = ${x(coldOneThread.ms)}, ${cpu(coldOneThread.cpuMs)}, peak RSS ${mb(coldOneThread.maxRssBytes)}, ${coldOneThread.sessions} sessions`,
  );
  console.log(
    `cold      index from nothing, all threads:   ${s(cold.ms)} = ${x(cold.ms)}, ${cpu(cold.cpuMs)}, peak RSS ${mb(cold.maxRssBytes)}, ${cold.sessions} sessions`,
  );
  const threads = largeScanThreads(availableParallelism());
  console.log(
    `          (threads on this machine: this one parsing, ${threads.workers} parsing beside it, ${threads.writerThread ? 'one' : 'none'} saving to SQLite)`,
  );
  console.log(
    `warm      store.list, nothing changed:       ${s(warmMs)} = 1/${Math.round(cold.ms / warmMs)} of cold, ${warmScans} rollouts read, ${warmList.sessions.length} sessions`,
  );
  console.log(
    `warm      sessions list --json (CLI):        ${s(cli.ms)} = 1/${Math.round(cold.ms / cli.ms)} of cold incl. node start, ${cli.sessions} sessions`,
  );
  console.log(
    `search    "${data.rareWord}" (tool output):    ${s(searchMs)}, ${found.total} match, top ${planted} the planted session, ${scans - warmScans} rollouts read`,
  );
  // A fast index that lost sessions is no result: say so and fail the run.
  const listed = [coldOneThread.sessions, cold.sessions, warmList.sessions.length, cli.sessions];
  if (listed.some((count) => count !== files.length)) {
    console.error(
      `FAILED: an index did not list all ${files.length} rollouts (see the session counts above)`,
    );
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
