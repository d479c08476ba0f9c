/**
 * The tools a person would otherwise use, timed on the same store in the same run: ccusage's native binary
 * (installed into bench/data/, never a dependency of the project) and `grep -rlF`. Every command runs under
 * /usr/bin/time for its peak RSS when the machine has it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const CCUSAGE_VERSION = '20.0.24';
const TIME = '/usr/bin/time';

export interface Timed {
  ms: number;
  /** Peak resident memory of the command, when /usr/bin/time could tell. */
  maxRssBytes: number | null;
  stdout: string;
  status: number | null;
}

/** Runs a command to its end and times it (wall clock around the whole process, node start-up included). */
export function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const measured = existsSync(TIME);
  const started = performance.now();
  const run = measured
    ? spawnSync(TIME, ['-f', 'BENCH_MAXRSS_KB %M', command, ...args], {
        env,
        encoding: 'utf8',
        maxBuffer: 512 << 20,
      })
    : spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 512 << 20 });
  const ms = performance.now() - started;
  if (run.error) throw run.error;
  const rss = /BENCH_MAXRSS_KB (\d+)/.exec(run.stderr ?? '')?.[1];
  return { ms, maxRssBytes: rss ? Number(rss) * 1024 : null, stdout: run.stdout ?? '', status: run.status };
}

/**
 * The ccusage binary, installed once into bench/data/ccusage-<version>/ with `npm install --prefix`; null (and
 * why) when it cannot be had.
 */
export function ensureCcusage(): { bin: string } | { missing: string } {
  const prefix = join(ROOT, 'data', `ccusage-${CCUSAGE_VERSION}`);
  const bin = join(prefix, 'node_modules', '@ccusage', 'ccusage-linux-x64', 'bin', 'ccusage');
  if (!existsSync(bin)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      return { missing: `no ccusage binary for ${process.platform}-${process.arch} is measured here` };
    }
    mkdirSync(prefix, { recursive: true });
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `ccusage@${CCUSAGE_VERSION}`],
      { encoding: 'utf8', timeout: 300_000 },
    );
    if (npm.status !== 0 || !existsSync(bin)) {
      const why = (npm.stderr || npm.error?.message || '').trim().split('\n').pop() ?? '';
      return { missing: `npm install ccusage@${CCUSAGE_VERSION} failed: ${why}` };
    }
  }
  // The registry's tarball may carry the binary without its run bit.
  chmodSync(bin, 0o755);
  return { bin };
}

/** `ccusage codex session --json --offline` on a Codex home. */
export function runCcusage(bin: string, codexHome: string): Timed & { sessions: number } {
  const timed = timeCommand(bin, ['codex', 'session', '--json', '--offline'], {
    ...process.env,
    CODEX_HOME: codexHome,
  });
  let sessions = -1;
  try {
    sessions = (JSON.parse(timed.stdout) as { sessions: unknown[] }).sessions.length;
  } catch {
    // A failed run is shown with -1 sessions.
  }
  return { ...timed, sessions };
}

/** Files under `dir` holding any of the byte strings, by `grep -rlF`. */
export function grepFiles(dir: string, patterns: string[]): Timed & { files: string[] } {
  const timed = timeCommand('grep', ['-rlF', ...patterns.flatMap((p) => ['-e', p]), dir]);
  return { ...timed, files: timed.stdout.split('\n').filter(Boolean) };
}
