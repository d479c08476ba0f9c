import { execFile } from 'node:child_process';
import { RetroError } from '../errors.js';

/**
 * The oldest Codex CLI the runner accepts. `codex exec fork` first shipped between 0.147 (absent) and 0.153
 * (present); 0.169.0 is the release the runner's event parsing, flags and fork/resume behaviour are verified
 * against end to end, so that is what is required.
 */
const MIN_CODEX_VERSION = '0.169.0';

const INSTALL_HINT =
  'Install it with `npm i -g @openai/codex`, or pass --codex-bin PATH (or set CODEX_BIN) to point at it.';

export function notFoundError(codexBin: string, cause?: unknown): RetroError {
  return new RetroError('codex_not_found', `Codex CLI not found at "${codexBin}". ${INSTALL_HINT}`, {
    status: 503,
    cause,
  });
}

/** `codex-cli 0.169.0` (possibly after warning lines) → `0.169.0`. */
function parseVersion(output: string): string | null {
  const match = /codex(?:-cli)?\s+v?(\d+\.\d+\.\d+(?:[-+][\w.-]+)?)/i.exec(output);
  return match?.[1] ?? null;
}

function compareVersions(a: string, b: string): number {
  const parts = (version: string): number[] => version.split(/[-+]/)[0]?.split('.').map(Number) ?? [];
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Runs `codex --version` and returns the version number it prints. */
export function codexVersion(codexBin: string, env?: Record<string, string | undefined>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      codexBin,
      ['--version'],
      { env: env ? { ...process.env, ...env } : process.env, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT' || code === 'EACCES') {
          reject(notFoundError(codexBin, error));
          return;
        }
        const version = parseVersion(`${stdout}\n${stderr}`);
        if (version) resolve(version);
        else {
          const shown = `${stdout}${stderr}`.trim().slice(0, 200) || (error?.message ?? 'no output');
          reject(
            new RetroError(
              'codex_failed',
              `"${codexBin} --version" did not print a Codex CLI version (${shown}). Check that --codex-bin / CODEX_BIN points at the Codex CLI.`,
              { status: 503 },
            ),
          );
        }
      },
    );
  });
}

const verified = new Map<string, string>();

/** Fails with `codex_not_found` / `codex_too_old` unless `codexBin` is a Codex CLI new enough for the runner. */
export async function ensureCodexVersion(
  codexBin: string,
  env: Record<string, string | undefined> | undefined,
  needed: string = MIN_CODEX_VERSION,
): Promise<string> {
  const known = verified.get(codexBin);
  if (known && compareVersions(known, needed) >= 0) return known;
  const found = await codexVersion(codexBin, env);
  if (compareVersions(found, needed) < 0) {
    throw new RetroError(
      'codex_too_old',
      `Codex CLI ${found} at "${codexBin}" is too old: codex-retro needs ${needed} or newer (for \`codex exec fork\` and the --json events it reads). Upgrade with \`npm i -g @openai/codex@latest\`, or point --codex-bin / CODEX_BIN at a newer one.`,
      { status: 503, details: { found, needed } },
    );
  }
  verified.set(codexBin, found);
  return found;
}
