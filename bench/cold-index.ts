/**
 * Child process of bench/run.ts, so each figure has its own peak memory and no warm caches of the parent.
 * `index`: build the index cache from nothing with the built store (dist/), as `sessions list` does;
 * `index-one-thread`: the same on one thread (no parsing workers, no writer thread).
 * `parse`: only run the parser over every rollout, one file after another on one thread, nothing stored.
 * Prints wall time and CPU time (all threads of this process, workers included) of that work alone.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

type Store = typeof import('../src/sessions/store.js');
type Scan = typeof import('../src/sessions/scan.js');

const dist = (file: string) => new URL(`../dist/sessions/${file}`, import.meta.url).href;
const [mode, codexHome, cacheDir, stateDir] = process.argv.slice(2) as [string, string, string, string];
const { openSessionStore } = (await import(dist('store.js'))) as Store;
const { scanRollout } = (await import(dist('scan.js'))) as Scan;

async function indexFromNothing(oneThread: boolean): Promise<Record<string, number>> {
  const threads = oneThread ? { workers: 0, writerThread: false } : {};
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

const cpu = process.cpuUsage();
const started = performance.now();
const figures = mode === 'parse' ? await parseOnly() : await indexFromNothing(mode === 'index-one-thread');
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ ...figures, ms, cpuMs, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
