import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RetroError } from '../errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file that cannot be read and is older than this was left half-written by a crash. */
const UNREADABLE_LOCK_MS = 10_000;

/** A lock left by a process that no longer runs (a crash mid-apply) is removed; a live one is respected. */
async function removeIfAbandoned(path: string): Promise<boolean> {
  let owner: { pid?: unknown } | undefined;
  try {
    owner = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
  }
  const abandoned =
    owner === undefined || owner === null || typeof owner.pid !== 'number'
      ? Date.now() - (await stat(path).catch(() => ({ mtimeMs: 0 }))).mtimeMs > UNREADABLE_LOCK_MS
      : !isAlive(owner.pid);
  if (abandoned) await rm(path, { force: true });
  return abandoned;
}

/**
 * Runs `fn` while holding the lock file `path`, created with O_EXCL (`wx`) so exactly one holder exists
 * across processes. Waits up to `waitMs` for a live holder, then throws `busy()`.
 */
export async function withLock<T>(
  path: string,
  options: { waitMs: number; busy: () => RetroError },
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    try {
      await writeFile(path, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), {
        flag: 'wx',
      });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await removeIfAbandoned(path)) continue;
      if (Date.now() >= deadline) throw options.busy();
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
