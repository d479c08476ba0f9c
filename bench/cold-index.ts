/**
 * Child process of bench/run.ts, so each figure has its own peak memory and no warm caches of the parent.
 * `index`: build the index cache from nothing with the built store (dist/), as `sessions list` does.
 * `parse`: only run the parser over every rollout, one file after another on one thread, nothing stored.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

type Store = typeof import('../src/sessions/store.js');
type Scan = typeof import('../src/sessions/scan.js');

const dist = (file: string) => new URL(`../dist/sessions/${file}`, import.meta.url).href;
const [mode, codexHome, cacheDir, stateDir] = process.argv.slice(2) as [string, string, string, string];

async function indexFromNothing(): Promise<Record<string, number>> {
  const { openSessionStore } = (await import(dist('store.js'))) as Store;
  const started = performance.now();
  const store = openSessionStore({ codexHome, cacheDir, stateDir });
  const { sessions, issues } = await store.list({ includeOwn: true });
  const ms = performance.now() - started;
  store.close();
  return { ms, sessions: sessions.length, issues: issues.length };
}

async function parseOnly(): Promise<Record<string, number>> {
  const { scanRollout } = (await import(dist('scan.js'))) as Scan;
  const files = readdirSync(join(codexHome, 'sessions'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  const started = performance.now();
  let docs = 0;
  for (const file of files) docs += (await scanRollout(file)).docs.length;
  return { ms: performance.now() - started, sessions: files.length, docs };
}

const figures = mode === 'parse' ? await parseOnly() : await indexFromNothing();
process.stdout.write(
  `${JSON.stringify({ ...figures, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
