/**
 * Builds (once, cached under bench/data/huge-scale-<scale>/) a Codex home holding one very large session in the
 * line shapes of the many-lines store (bench/generate-lines.ts): 0.130's response items beside their event
 * copies, reasoning with encrypted content, exec_command calls and outputs (a few of hundreds of KB),
 * apply_patch calls, token counts, turn contexts. At scale 1 the rollout is about 1 GB and its transcript about
 * 500,000 entries, the size of the largest rollouts people keep.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom as createRandom } from '../src/analytics/effect/permutation.js';
import { buildPools, loadPrototypes, type Session, uuidV7, writeSession } from './generate-lines.js';
import type { LineMix } from './line-mix.js';

export interface HugeData {
  codexHome: string;
  path: string;
  id: string;
  bytes: number;
  lines: number;
  mix: LineMix;
}

const FORMAT = 1;
const ROOT = fileURLToPath(new URL('.', import.meta.url));
/** Tool steps (a reasoning item, a call, a token count, an output) that make about 1 GB and 500,000 entries. */
const STEPS_AT_SCALE_1 = 180_000;

export function ensureHugeSession(scale: number): HugeData {
  const base = join(ROOT, 'data', `huge-scale-${scale}`);
  const manifestPath = join(base, 'manifest.json');
  if (existsSync(manifestPath)) {
    const cached = JSON.parse(readFileSync(manifestPath, 'utf8')) as HugeData & { format: number };
    if (cached.format === FORMAT && existsSync(cached.path)) return cached;
  }
  rmSync(base, { recursive: true, force: true });
  const codexHome = join(base, 'codex-home');
  const random = createRandom(11);
  const startMs = Date.parse('2026-11-02T08:00:00Z');
  const session: Session = {
    id: uuidV7(startMs, random),
    startMs,
    project: 'billing-api',
    steps: Math.max(20, Math.round(STEPS_AT_SCALE_1 * scale)),
    modern: false,
    plant: new Set(),
  };
  const mix: LineMix = {};
  const written = writeSession(codexHome, session, loadPrototypes(), random, buildPools(random), mix);
  const dir = join(codexHome, 'sessions', '2026', '11', '02');
  const name = readdirSync(dir).find((file) => file.includes(session.id)) as string;
  const data: HugeData = {
    codexHome,
    path: join(dir, name),
    id: session.id,
    bytes: written.bytes,
    lines: written.lines,
    mix,
  };
  writeFileSync(manifestPath, JSON.stringify({ ...data, format: FORMAT }, null, 2));
  return data;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = ensureHugeSession(Number(process.env.BENCH_SCALE ?? '1'));
  console.log(JSON.stringify({ ...data, mix: undefined }, null, 2));
}
