/**
 * `node --import tsx bench/redact.ts [REF] [ROUNDS] [--with-secrets]`: redaction throughput of this tree's
 * `src/redact` against the same folder at git REF (default HEAD), on the text the index redacts: every message,
 * tool call and output string of the fixture rollouts, cut to the 4,000 characters the index keeps, repeated to
 * 50 MB. `--with-secrets` puts a case of test/fixtures/redaction/secrets.txt after every 100th text, so the
 * detectors run too (the fixture rollouts hold no credential).
 * Each run is a child process making three passes of `redactText` over every text (the first warms V8 up; the
 * other two are kept). Runs alternate, REF then the tree, ROUNDS times (default 7), so a change in the
 * machine's load hits both alike; the medians and their ratio are printed.
 */
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEXT_KEYS = new Set(['text', 'output', 'arguments', 'content', 'message', 'cmd', 'aggregated_output']);
const CORPUS_CHARS = 50_000_000;
const INDEX_CHARS = 4_000;

function collectTexts(value: unknown, key: string | null, into: string[]): void {
  if (typeof value === 'string') {
    if (key !== null && TEXT_KEYS.has(key)) into.push(value.slice(0, INDEX_CHARS));
  } else if (Array.isArray(value)) {
    for (const item of value) collectTexts(item, key, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectTexts(v, k, into);
  }
}

function listRollouts(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listRollouts(path);
    return name.endsWith('.jsonl') ? [path] : [];
  });
}

/** The inputs of secrets.txt: its blocks without their title line, the «kind:value» marks reduced to the value. */
function readSecretCases(): string[] {
  const text = readFileSync(join(ROOT, 'test/fixtures/redaction/secrets.txt'), 'utf8');
  return text
    .trimEnd()
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .slice(1)
        .join('\n')
        .replace(/«[a-z_]+:([^»]*)»/g, '$1'),
    );
}

function buildCorpus(withSecrets: boolean): string[] {
  const texts: string[] = [];
  for (const file of listRollouts(join(ROOT, 'test/fixtures/codex-sessions'))) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        collectTexts(JSON.parse(line), null, texts);
      } catch {
        // A torn line of a fixture is not text the index would redact.
      }
    }
  }
  const secrets = withSecrets ? readSecretCases() : [];
  const corpus: string[] = [];
  let chars = 0;
  for (let i = 0; chars < CORPUS_CHARS; i++) {
    const text = texts[i % texts.length]!;
    corpus.push(text);
    chars += text.length;
    if (secrets.length > 0 && i % 100 === 99) {
      const secret = secrets[((i / 100) % secrets.length) | 0]!;
      corpus.push(secret);
      chars += secret.length;
    }
  }
  return corpus;
}

async function runChild(indexPath: string, corpusPath: string): Promise<void> {
  const { redactText } = (await import(pathToFileURL(indexPath).href)) as {
    redactText: (t: string) => string;
  };
  const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')) as string[];
  const megabytes = corpus.reduce((sum, text) => sum + text.length, 0) / 1024 / 1024;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let changed = 0;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const text of corpus) if (redactText(text) !== text) changed++;
    const used = process.cpuUsage(cpu);
    rates.push(megabytes / ((performance.now() - started) / 1000));
    cpuRates.push(megabytes / ((used.user + used.system) / 1e6));
  }
  process.stdout.write(
    JSON.stringify({ rates: rates.slice(1), cpuRates: cpuRates.slice(1), changed: changed / 3 }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function runBench(ref: string, rounds: number, withSecrets: boolean): void {
  const temp = mkdtempSync(join(tmpdir(), 'redact-bench-'));
  try {
    execSync(`git archive ${JSON.stringify(ref)} src/redact | tar -x -C ${JSON.stringify(temp)}`, {
      cwd: ROOT,
    });
    const corpusPath = join(temp, 'corpus.json');
    const corpus = buildCorpus(withSecrets);
    writeFileSync(corpusPath, JSON.stringify(corpus));
    const variants = { [ref]: join(temp, 'src/redact/index.ts'), tree: join(ROOT, 'src/redact/index.ts') };
    const rates: Record<string, number[]> = { [ref]: [], tree: [] };
    const cpuRates: Record<string, number[]> = { [ref]: [], tree: [] };
    console.log(
      `${corpus.length} texts, ${(CORPUS_CHARS / 1e6).toFixed(0)} M characters; load ${loadavg()[0]!.toFixed(1)}`,
    );
    for (let round = 0; round < rounds; round++) {
      for (const [name, indexPath] of Object.entries(variants)) {
        const out = execFileSync(
          process.execPath,
          ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', indexPath, corpusPath],
          {
            cwd: ROOT,
            encoding: 'utf8',
            maxBuffer: 1 << 20,
          },
        );
        const result = JSON.parse(out) as { rates: number[]; cpuRates: number[]; changed: number };
        rates[name]!.push(...result.rates);
        cpuRates[name]!.push(...result.cpuRates);
        const shown = result.rates.map(
          (r, i) => `${r.toFixed(1)} MB/s (CPU ${result.cpuRates[i]!.toFixed(1)})`,
        );
        console.log(`${name.padEnd(8)} ${shown.join('  ')}  ${result.changed} texts changed`);
      }
    }
    for (const [label, figures] of [
      ['wall', rates],
      ['CPU', cpuRates],
    ] as const) {
      const [base, tree] = [median(figures[ref]!), median(figures.tree!)];
      console.log(
        `median ${label}: ${ref} ${base.toFixed(1)} MB/s, tree ${tree.toFixed(1)} MB/s; tree/${ref} = ${(tree / base).toFixed(3)}`,
      );
    }
    console.log(`load ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await runChild(process.argv[3]!, process.argv[4]!);
} else {
  const [ref, rounds] = process.argv.slice(2).filter((arg) => arg !== '--with-secrets');
  runBench(ref ?? 'HEAD', Number(rounds ?? 7), process.argv.includes('--with-secrets'));
}
