import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A throwaway CODEX_HOME whose config.toml points the real `codex` CLI at the model server.
 *
 * Observed with codex 0.169.0 in this container (see model-server.e2e.test.ts):
 * - `codex exec` outside a git repository needs `--skip-git-repo-check`.
 * - The prompt can come on stdin with `-` as the prompt argument; one run takes ~0.5 s.
 * - Sandboxed commands do run here: `-s read-only` (the default) runs `echo`/`cat` and refuses writes with
 *   "Read-only file system"; `-s workspace-write` may write inside the working directory. No need for
 *   `danger-full-access` unless a command must write outside it.
 * - Unknown model slugs (`mock-model`) get an `item.completed` error item "Model metadata … not found"
 *   first (harmless) and no custom apply_patch tool; `gpt-5.5` gets the custom apply_patch tool.
 * - stderr always starts with a "could not create PATH aliases" warning because the home is under /tmp.
 * - Never call `spawnSync` on codex in the process that runs the model server: the server could not answer.
 */
export interface TempCodexHome {
  dir: string;
  /** Everything a spawned `codex` needs: CODEX_HOME, MOCK_API_KEY, HOME, PATH. */
  env: Record<string, string>;
  /** The pinned CLI from node_modules, or the build CODEX_RETRO_TEST_CODEX names (to try another release). */
  codexBin: string;
  cleanup(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Environment variables that would point Codex at a real account or a real home. */
const DROPPED_ENV = /^(CODEX_|OPENAI_|AZURE_OPENAI|MOCK_API_KEY$|HOME$|XDG_)/;

function buildConfig(modelServerUrl: string, model: string): string {
  return [
    `model = ${JSON.stringify(model)}`,
    'model_provider = "mock"',
    'approval_policy = "never"',
    'check_for_update_on_startup = false',
    '',
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = ${JSON.stringify(modelServerUrl)}`,
    'wire_api = "responses"',
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
    '[analytics]',
    'enabled = false',
    '',
  ].join('\n');
}

export async function makeCodexHome(options: {
  modelServerUrl: string;
  model?: string;
  /** A `sessions/` tree (e.g. a fixture's) copied in as `$CODEX_HOME/sessions`. */
  copySessionsFrom?: string;
}): Promise<TempCodexHome> {
  const root = await mkdtemp(join(tmpdir(), 'codex-retro-home-'));
  const dir = join(root, 'codex-home');
  const home = join(root, 'home');
  await mkdir(dir, { recursive: true });
  await mkdir(home, { recursive: true });
  await writeFile(
    join(dir, 'config.toml'),
    buildConfig(options.modelServerUrl, options.model ?? 'mock-model'),
  );
  if (options.copySessionsFrom)
    await cp(options.copySessionsFrom, join(dir, 'sessions'), { recursive: true });

  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !DROPPED_ENV.test(entry[0]),
    ),
  );
  const env: Record<string, string> = {
    ...inherited,
    CODEX_HOME: dir,
    HOME: home,
    MOCK_API_KEY: 'test-key',
    NO_COLOR: '1',
  };
  return {
    dir,
    env,
    codexBin: process.env.CODEX_RETRO_TEST_CODEX || join(ROOT, 'node_modules', '.bin', 'codex'),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
