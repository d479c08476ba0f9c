/**
 * Child process of bench/run.ts, so each figure has its own peak memory and no warm caches of the parent.
 * `index`: build the index cache from nothing with the built store (dist/), as `sessions list` does;
 * `index-one-thread`: the same on one thread (no parsing workers, no writer thread).
 * `parse`: only run the parser over every rollout, one file after another on one thread, nothing stored.
 * `warm`: list again from the cache an `index` run left (nothing changed), then search it for `searchWord`,
 * counting the rollouts the parser is asked to read.
 * Prints wall time and CPU time (all threads of this process, workers included) of that work alone.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

type Store = typeof import('../src/sessions/store.js');
type Scan = typeof import('../src/sessions/scan/scan.js');

const dist = (file: string) => new URL(`../dist/sessions/${file}`, import.meta.url).href;
const [mode, codexHome, cacheDir, stateDir, searchWord, plantedId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string | undefined,
  string | undefined,
];
const { tuneCompiler } = (await import(
  new URL('../dist/compiler-tuning.js', import.meta.url).href
)) as typeof import('../src/compiler-tuning.js');
// As the CLI does before any work (bin/codex-retro.js).
tuneCompiler();
const { openSessionStore } = (await import(dist('store.js'))) as Store;
const scan = (await import(dist('scan/scan.js'))) as Scan;
const { scanRollout } = scan;

async function indexFromNothing(oneThread: boolean): Promise<Record<string, number>> {
  const threads = oneThread ? { workers: 0, writerThread: false, readAhead: false } : {};
  const store = openSessionStore({ codexHome, cacheDir, stateDir, ...threads });
  const { sessions, issues } = await store.list({ includeOwn: true });
  store.close();
  return { sessions: sessions.length, issues: issues.length };
}

async function parseOnly(): Promise<Record<string, number>> {
  const files = readdirSync(join(codexHome, 'sessions'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  let docs = 0;
  for (const file of files) docs += (await scanRollout(file)).docs.length;
  return { sessions: files.length, docs };
}

/** The warm list (the measured work), then the search, each counting the rollouts read. */
async function warmList(): Promise<Record<string, number>> {
  let scans = 0;
  const scanner = {
    parserVersion: scan.PARSER_VERSION,
    readSession: scan.readSession,
    scanRollout: (...args: Parameters<typeof scanRollout>) => {
      scans += 1;
      return scanRollout(...args);
    },
  };
  const started = performance.now();
  const store = openSessionStore({ codexHome, cacheDir, stateDir, scanner });
  const { sessions } = await store.list({ includeOwn: true });
  const listMs = performance.now() - started;
  const warmScans = scans;
  const searchStarted = performance.now();
  const found = await store.list({ search: searchWord ?? '', includeOwn: true });
  const searchMs = performance.now() - searchStarted;
  store.close();
  return {
    ms: listMs,
    sessions: sessions.length,
    scans: warmScans,
    searchMs,
    searchScans: scans - warmScans,
    matches: found.total,
    plantedFirst: found.sessions[0]?.id === plantedId ? 1 : 0,
  };
}

const work: Record<string, () => Promise<Record<string, number>>> = {
  parse: parseOnly,
  index: () => indexFromNothing(false),
  'index-one-thread': () => indexFromNothing(true),
  warm: warmList,
};
const run = work[mode];
if (!run) throw new Error(`unknown mode ${mode}`);
const cpu = process.cpuUsage();
const started = performance.now();
const figures = await run();
// The warm run times its list alone (the search after it has its own figure).
const ms = figures.ms ?? performance.now() - started;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ ...figures, ms, cpuMs, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
