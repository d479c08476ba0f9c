import { execFile } from 'node:child_process';
import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/codex-retro.js', import.meta.url));

export const FIXTURE_SESSIONS = fileURLToPath(new URL('../fixtures/codex-sessions', import.meta.url));

export interface StoreHome {
  /** Temp root holding codex-home/, cache/ and state/. */
  root: string;
  codexHome: string;
  cacheDir: string;
  stateDir: string;
  /** Rollout paths by session id. */
  files: Map<string, string>;
  /** Env for the CLI: CODEX_HOME and the cache/state dirs inside `root`. */
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** A fresh store home for each test of the suite it is called in, removed after it (as `tempDirEach`). */
export function storeHomeEach(): () => StoreHome {
  let home: StoreHome | null = null;
  beforeEach(async () => {
    home = await makeStoreHome();
  });
  afterEach(async () => {
    await home?.cleanup();
  });
  return () => home as StoreHome;
}

/** A writable CODEX_HOME holding the real fixture rollouts of the given Codex releases. */
export async function makeStoreHome(versions: string[] = ['0.40.0', '0.169.0']): Promise<StoreHome> {
  const root = await mkdtemp(join(tmpdir(), 'codex-retro-store-'));
  const codexHome = join(root, 'codex-home');
  for (const version of versions) {
    await cp(join(FIXTURE_SESSIONS, version, 'sessions'), join(codexHome, 'sessions'), { recursive: true });
  }
  const files = new Map<string, string>();
  const dayDir = join(codexHome, 'sessions', '2026', '11', '22');
  for (const dir of [
    join(codexHome, 'sessions'),
    join(codexHome, 'sessions', '2026'),
    join(codexHome, 'sessions', '2026', '11'),
    dayDir,
  ]) {
    await chmod(dir, 0o755);
  }
  for (const name of await readdir(dayDir)) {
    const path = join(dayDir, name);
    await chmod(path, 0o644);
    const id = /([0-9a-f-]{36})\.jsonl$/.exec(name)?.[1];
    if (id) files.set(id, path);
  }
  const cacheDir = join(root, 'cache');
  const stateDir = join(root, 'state');
  return {
    root,
    codexHome,
    cacheDir,
    stateDir,
    files,
    env: {
      ...process.env,
      CODEX_HOME: codexHome,
      CODEX_RETRO_CACHE_DIR: cacheDir,
      CODEX_RETRO_STATE_DIR: stateDir,
      TZ: 'UTC',
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** Runs the built CLI (`bin/codex-retro.js`) and collects what it printed. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
