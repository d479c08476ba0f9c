import { existsSync } from 'node:fs';
import { resolveCacheDir, resolveCodexHome, resolveStateDir } from '../config.js';
import { RetroError } from '../errors.js';
import { createProgressPrinter } from '../sessions/progress.js';
import { openSessionStore } from '../sessions/store.js';
import type { CommandIo } from './command.js';

/** A mistyped `--codex-home` should say so, not print an empty list. */
function assertCodexHome(codexHome: string): void {
  if (!existsSync(codexHome)) {
    throw new RetroError(
      'codex_home_not_found',
      `No Codex home at ${codexHome}. Pass --codex-home DIR or set CODEX_HOME to where Codex keeps its sessions.`,
      { status: 404 },
    );
  }
}

/** The session store of the Codex home that --codex-home (or the environment) names, with progress on stderr. */
export function openSessionStoreFromFlags(values: Record<string, unknown>, io: CommandIo) {
  const codexHome = resolveCodexHome(values['codex-home'] as string | undefined, io.env);
  assertCodexHome(codexHome);
  const progress = createProgressPrinter(io.stderr);
  const store = openSessionStore({
    codexHome,
    cacheDir: resolveCacheDir(io.env),
    stateDir: resolveStateDir(io.env),
    onProgress: progress.onProgress,
  });
  return { codexHome, progress, store };
}
