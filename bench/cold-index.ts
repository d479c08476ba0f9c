/**
 * Child process of bench/run.ts: builds the index cache from nothing and reports the time and its own peak
 * memory, so the cold figure is not mixed with the parent's allocations.
 */
import { openSessionStore } from '../src/sessions/store.js';

const [codexHome, cacheDir, stateDir] = process.argv.slice(2) as [string, string, string];
const started = performance.now();
const store = openSessionStore({ codexHome, cacheDir, stateDir });
const { sessions, issues } = await store.list({ includeOwn: true });
const ms = performance.now() - started;
store.close();
process.stdout.write(
  `${JSON.stringify({ ms, sessions: sessions.length, issues: issues.length, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
