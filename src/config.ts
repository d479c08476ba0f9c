import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where Codex keeps its data: `--codex-home`, else `$CODEX_HOME`, else `~/.codex`. */
export function resolveCodexHome(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  if (env.CODEX_HOME) return resolve(env.CODEX_HOME);
  return join(homedir(), '.codex');
}

/** The codex executable: `--codex-bin`, else `$CODEX_BIN`, else `codex` on PATH. */
export function resolveCodexBin(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag || env.CODEX_BIN || 'codex';
}

/** The index cache directory: `$XDG_CACHE_HOME/codex-retro`, else `~/.cache/codex-retro`. */
export function resolveCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.CODEX_RETRO_CACHE_DIR) return resolve(env.CODEX_RETRO_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(base, 'codex-retro');
}

/** Where codex-retro keeps its own state: `$XDG_STATE_HOME/codex-retro`, else `~/.local/state/codex-retro`. */
export function resolveStateDir(env: NodeJS.ProcessEnv): string {
  if (env.CODEX_RETRO_STATE_DIR) return resolve(env.CODEX_RETRO_STATE_DIR);
  const base = env.XDG_STATE_HOME ? resolve(env.XDG_STATE_HOME) : join(homedir(), '.local', 'state');
  return join(base, 'codex-retro');
}
