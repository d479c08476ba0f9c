/**
 * `npm run bench`: on two stores, the big-line one (bench/generate.ts: ~1,000 rollouts / 1 GB of large tool
 * outputs + one 300 MB rollout) and the many-lines one shaped like real 0.1xx stores (bench/generate-lines.ts:
 * 1,000+ rollouts, 1M+ lines of ~1 KB), every figure in rounds back to back: the index against a plain
 * "read every line and JSON.parse it" pass, ccusage's native binary on the same files, and search against
 * `grep -rlF`. Then one huge session (bench/huge-session.ts: a 1 GB rollout shown and paged). BENCH_SCALE
 * (default 1) sizes every store; BENCH_ROUNDS (default 3) is how many rounds; BENCH_STORES=big,lines,huge picks
 * stores. The store is measured as users run it: the built code in dist/.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tuneCompiler } from '../src/compiler-tuning.js';
import { buildDist } from './build-dist.js';
import { ensureBenchData } from './generate.js';
import { ensureLinesData } from './generate-lines.js';
import { measureHugeSession } from './huge-session.js';
import { formatMixes, measureMix } from './line-mix.js';
import { measureRound, type Round, readEveryByte, type StoreUnderTest } from './measure.js';
import { ensureCcusage } from './peers.js';
import { printRounds, printSearches } from './report.js';
import type { SearchQuery } from './search-figures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'test', 'fixtures', 'codex-sessions');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const load = () =>
  `load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`;
const scale = Number(process.env.BENCH_SCALE ?? '1');
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? '3'));
const STORES = (process.env.BENCH_STORES ?? 'big,lines,huge').split(',');
console.log(`machine: ${availableParallelism()} cores, ${load()}`);
buildDist();
// Imported once built: the search figures use the search's own spellings.
const { measureSearches } = await import('./search-figures.js');
// Every figure, the baseline's too, runs with the compiler settings the CLI starts with.
tuneCompiler();
const ccusage = ensureCcusage();
if ('missing' in ccusage) console.log(`ccusage: not measured (${ccusage.missing})`);

interface Plan {
  name: string;
  store: StoreUnderTest;
  description: string;
  queries: SearchQuery[];
}

const plans: Plan[] = [];
if (STORES.includes('big')) {
  const data = ensureBenchData(scale);
  plans.push({
    name: 'big-line store',
    description: `largest line ${(data.giantLineBytes / 1e6).toFixed(0)} MB`,
    store: {
      codexHome: data.codexHome,
      files: [],
      rareWord: data.rareWord,
      rareSessionId: data.rareSessionId,
    },
    queries: [
      { text: data.rareWord, label: 'a word in one tool output, near its start' },
      { text: '(51234)', label: 'a log line number, deep in tool outputs' },
      { text: 'kubernetes pod', label: 'two words side by side, common' },
    ],
  });
}
if (STORES.includes('lines')) {
  const data = ensureLinesData(scale);
  const mix = formatMixes([
    ['0.40 fixtures', measureMix(join(FIXTURES, '0.40.0', 'sessions'))],
    ['0.169 fixtures', measureMix(join(FIXTURES, '0.169.0', 'sessions'))],
    ['generated', data.mix],
  ]);
  console.log(
    `\nLine mix of the real fixture rollouts and of the generated many-lines store (share of lines, average size):\n${mix}`,
  );
  const { planted } = data;
  plans.push({
    name: 'many-lines store',
    description: `${data.lines} lines, ${Math.round(data.bytes / data.lines)} B a line on average`,
    store: {
      codexHome: data.codexHome,
      files: [],
      rareWord: planted.rare.text,
      rareSessionId: planted.rare.sessions[0] as string,
    },
    queries: [
      { text: 'module_417', label: 'a file name in hundreds of sessions' },
      { text: planted.location.text, label: `file:line:col, planted in ${planted.location.sessions.length}` },
      {
        text: planted.rare.text,
        label: `a word past 4,000 chars, planted in ${planted.rare.sessions.length}`,
      },
      {
        text: planted.escaped.text,
        label: `quotes, tab, backslash, non-ASCII, planted in ${planted.escaped.sessions.length}`,
      },
      {
        text: planted.secret.text,
        label: `only inside an API key, in ${planted.secret.sessions.length}`,
        secret: true,
      },
    ],
  });
}

let failed = false;
for (const plan of plans) {
  const files = listFiles(join(plan.store.codexHome, 'sessions'));
  plan.store.files = files;
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const work = mkdtempSync(join(tmpdir(), 'codex-retro-bench-'));
  try {
    readEveryByte(files);
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push(await measureRound(plan.store, work, round, 'bin' in ccusage ? ccusage.bin : null));
    }
    console.log(
      `\n== ${plan.name}: ${files.length} rollouts, ${(bytes / 1e6).toFixed(0)} MB, ${plan.description}, BENCH_SCALE=${scale} (${load()})`,
    );
    failed = printRounds(rounds, files.length, plan.store) || failed;
    const cacheDir = join(work, `cache-${ROUNDS - 1}`);
    const searches = measureSearches(
      plan.store.codexHome,
      cacheDir,
      join(work, 'state'),
      plan.queries,
      ROUNDS,
    );
    failed = printSearches(searches) || failed;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (STORES.includes('huge')) failed = (await measureHugeSession(scale, ROUNDS)) || failed;
console.log(`\nend: ${load()}`);
if (failed) process.exitCode = 1;
