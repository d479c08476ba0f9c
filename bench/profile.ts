/**
 * `node --import tsx bench/profile.ts [big|lines]`: where the cold index's time goes. Runs the CLI's cold
 * `sessions list --json` on a benchmark store with `--cpu-prof` (one profile per thread) and prints, per
 * thread, the self time of the busiest functions and of each source file. BENCH_SCALE as for `npm run bench`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBenchData } from './generate.js';
import { ensureLinesData } from './generate-lines.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const scale = Number(process.env.BENCH_SCALE ?? '1');
const which = process.argv[2] ?? 'lines';
const codexHome = which === 'big' ? ensureBenchData(scale).codexHome : ensureLinesData(scale).codexHome;
const work = mkdtempSync(join(tmpdir(), 'codex-retro-profile-'));

/** Where a sampled frame's code lives: a file of ours, a dependency, node itself, or V8's own work. */
function placeOf(frame: ProfileNode['callFrame']): string {
  if (!frame.url) return `(${frame.functionName || 'program'})`;
  const path = frame.url.replace(/^file:\/\//, '');
  if (path.includes('node_modules/'))
    return `node_modules/${path.split('node_modules/').pop()?.split('/')[0]}`;
  if (path.startsWith('node:')) return path;
  return relative(ROOT, path);
}

try {
  const started = performance.now();
  execFileSync(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      join(work, 'prof'),
      join(ROOT, 'bin', 'codex-retro.js'),
      'sessions',
      'list',
      '--json',
      '--include-own',
      '--codex-home',
      codexHome,
    ],
    {
      env: {
        ...process.env,
        CODEX_RETRO_CACHE_DIR: join(work, 'cache'),
        CODEX_RETRO_STATE_DIR: join(work, 'state'),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  console.log(
    `cold sessions list --json on the ${which} store, profiled: ${((performance.now() - started) / 1000).toFixed(2)} s wall`,
  );
  for (const name of readdirSync(join(work, 'prof')).sort()) {
    const profile = JSON.parse(readFileSync(join(work, 'prof', name), 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const fns = new Map<string, number>();
    const places = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const frame = byId.get(id)?.callFrame;
      if (!frame) return;
      total += ms;
      const place = placeOf(frame);
      const fn = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
      fns.set(fn, (fns.get(fn) ?? 0) + ms);
      places.set(place, (places.get(place) ?? 0) + ms);
    });
    const idle = places.get('(idle)') ?? 0;
    console.log(
      `\nthread profile ${name}: ${total.toFixed(0)} ms sampled, ${(total - idle).toFixed(0)} ms busy`,
    );
    const top = (map: Map<string, number>, n: number) =>
      [...map]
        .filter(([key]) => !key.startsWith('(idle)'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(
          ([key, ms]) =>
            `  ${ms.toFixed(0).padStart(6)} ms ${((ms / (total - idle)) * 100).toFixed(1).padStart(5)}%  ${key}`,
        )
        .join('\n');
    console.log(`by file (self time):\n${top(places, 14)}`);
    console.log(`by function (self time):\n${top(fns, 22)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
