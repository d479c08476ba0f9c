/**
 * `npm run bench`: the index cache against a plain "read every line and JSON.parse it" pass over the same
 * store, all from one run. BENCH_SCALE (default 1 = ~1,000 rollouts / 1 GB + one 300 MB rollout) sizes it.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PARSER_VERSION, readSession, scanRollout } from '../src/sessions/scan.js';
import { openSessionStore } from '../src/sessions/store.js';
import { ensureBenchData } from './generate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Reads every byte once so every figure below is measured with the files in the page cache. */
async function warmPageCache(files: string[]): Promise<void> {
  const buffer = Buffer.alloc(4 * 1024 * 1024);
  for (const file of files) {
    const handle = await open(file, 'r');
    while ((await handle.read(buffer, 0, buffer.length)).bytesRead > 0);
    await handle.close();
  }
}

/** The baseline: stream every file line by line and JSON.parse every line. */
async function parseEveryLine(files: string[]): Promise<{ ms: number; lines: number }> {
  const started = performance.now();
  let lines = 0;
  for (const file of files) {
    const reader = createInterface({
      input: createReadStream(file, { encoding: 'utf8' }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of reader) {
      if (line.length === 0) continue;
      JSON.parse(line);
      lines += 1;
    }
  }
  return { ms: performance.now() - started, lines };
}

function coldIndex(
  codexHome: string,
  cacheDir: string,
  stateDir: string,
): { ms: number; sessions: number; maxRssBytes: number } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'cold-index.ts'), codexHome, cacheDir, stateDir],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number; sessions: number; maxRssBytes: number };
}

function timeCli(
  codexHome: string,
  cacheDir: string,
  stateDir: string,
): { ms: number; sessions: number } | null {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) return null;
  const started = performance.now();
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'bin', 'codex-retro.js'), 'sessions', 'list', '--json', '--codex-home', codexHome],
    {
      env: { ...process.env, CODEX_RETRO_CACHE_DIR: cacheDir, CODEX_RETRO_STATE_DIR: stateDir },
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    },
  );
  return { ms: performance.now() - started, sessions: (JSON.parse(out) as unknown[]).length };
}

const scale = Number(process.env.BENCH_SCALE ?? '1');
const data = ensureBenchData(scale);
const files = listFiles(join(data.codexHome, 'sessions'));
const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const work = mkdtempSync(join(tmpdir(), 'codex-retro-bench-'));
const cacheDir = join(work, 'cache');
const stateDir = join(work, 'state');

try {
  await warmPageCache(files);
  const baseline = await parseEveryLine(files);
  const cold = coldIndex(data.codexHome, cacheDir, stateDir);

  let scans = 0;
  const counting = {
    parserVersion: PARSER_VERSION,
    readSession,
    scanRollout: (...args: Parameters<typeof scanRollout>) => {
      scans += 1;
      return scanRollout(...args);
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
  console.log(
    `store: ${files.length} rollouts, ${mb(bytes)} (largest line ${mb(data.giantLineBytes)}), BENCH_SCALE=${scale}`,
  );
  console.log(`baseline  readline + JSON.parse every line: ${s(baseline.ms)} (${baseline.lines} lines)`);
  console.log(
    `cold      index from nothing:               ${s(cold.ms)} = ${(cold.ms / baseline.ms).toFixed(3)}x baseline, peak RSS ${mb(cold.maxRssBytes)}, ${cold.sessions} sessions`,
  );
  console.log(
    `warm      store.list, nothing changed:      ${s(warmMs)} = 1/${Math.round(cold.ms / warmMs)} of cold, ${warmScans} rollouts read, ${warmList.sessions.length} sessions`,
  );
  if (cli)
    console.log(
      `warm      sessions list --json (CLI):       ${s(cli.ms)} = 1/${Math.round(cold.ms / cli.ms)} of cold (incl. node start), ${cli.sessions} sessions`,
    );
  console.log(
    `search    "${data.rareWord}" (tool output):   ${s(searchMs)}, ${found.total} match, top ${found.sessions[0]?.id === data.rareSessionId ? 'is' : 'is NOT'} the planted session, ${scans - warmScans} rollouts read`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
