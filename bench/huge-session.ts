/**
 * One very large session (bench/generate-huge.ts: ~1 GB, ~1 million lines, ~765,000 transcript entries at
 * BENCH_SCALE=1), measured as users meet it: `sessions show` (text and --json, to the end and cut short by
 * `| head`) and the web UI's transcript pages from `serve`, against reading the same file with `cat`, `wc -l`
 * and a readline + JSON.parse pass in the same round. Every command is the built CLI in a child process under
 * /usr/bin/time for its peak RSS. Run alone with `node --import tsx bench/huge-session.ts`, or as the `huge`
 * store of `npm run bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from './build-dist.js';
import { ensureHugeSession, type HugeData } from './generate-huge.js';
import { median } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'codex-retro.js');
const TIME = '/usr/bin/time';
const RSS_TARGET = 300e6;
const PAGE = 500;
const TOKEN = 'bench-token-0123456789';

interface Run {
  ms: number;
  /** Until the first byte of output. */
  firstByteMs: number | null;
  rssBytes: number | null;
  status: number | null;
  bytes: number;
  /** The output's first and last bytes. */
  head: string;
  tail: string;
  stderr: string;
}

/** Runs a command with its output counted (not kept); `lines` closes the pipe after that many, as `head` does. */
function runCounted(command: string, args: string[], env: NodeJS.ProcessEnv, lines?: number): Promise<Run> {
  const timed = existsSync(TIME);
  const started = performance.now();
  const child = timed
    ? spawn(TIME, ['-f', 'BENCH_MAXRSS_KB %M', command, ...args], { env })
    : spawn(command, args, { env });
  let firstByteMs: number | null = null;
  let bytes = 0;
  let newlines = 0;
  let head = '';
  let tail = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    firstByteMs ??= performance.now() - started;
    bytes += chunk.length;
    if (head.length < 200) head += chunk.subarray(0, 200).toString('utf8');
    tail = (tail + chunk.subarray(-200).toString('utf8')).slice(-200);
    if (lines === undefined) return;
    for (let at = chunk.indexOf(10); at >= 0 && newlines < lines; at = chunk.indexOf(10, at + 1)) newlines++;
    if (newlines >= lines) child.stdout.destroy();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      const rss = /BENCH_MAXRSS_KB (\d+)/.exec(stderr)?.[1];
      resolve({
        ms: performance.now() - started,
        firstByteMs,
        rssBytes: rss ? Number(rss) * 1024 : null,
        status,
        bytes,
        head,
        tail,
        stderr: stderr.replace(/.*BENCH_MAXRSS_KB.*\n?/, ''),
      });
    });
  });
}

const PARSE_EVERY_LINE = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let lines = 0;
  const input = createReadStream(process.argv[1], { encoding: 'utf8' });
  for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line) { JSON.parse(line); lines++; }
  console.log(lines);
})();`;

interface PageTimes {
  first: number;
  middle: number;
  last: number;
  again: { first: number; middle: number; last: number };
  total: number;
  /** Entries of the last page, and whether every page held what it should. */
  complete: boolean;
  serverRssBytes: number | null;
}

/** `serve` on the home, then the transcript's first, a middle and the last page, each twice. */
async function measurePages(data: HugeData, env: NodeJS.ProcessEnv): Promise<PageTimes> {
  const args = [BIN, 'serve', '--no-open', '--no-repo', '--port', '0', '--token', TOKEN];
  const server = spawn(process.execPath, [...args, '--codex-home', data.codexHome], { env });
  try {
    const base = await serveUrl(server);
    const page = async (offset: number) => {
      const started = performance.now();
      const response = await fetch(`${base}/codex/sessions/${data.id}?offset=${offset}&limit=${PAGE}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const body = (await response.json()) as { total: number; messages: unknown[] };
      if (!response.ok) throw new Error(`GET transcript page: ${response.status} ${JSON.stringify(body)}`);
      return { ms: performance.now() - started, body };
    };
    const first = await page(0);
    const total = first.body.total;
    const middle = await page(Math.floor(total / 2));
    const lastOffset = Math.max(0, total - PAGE);
    const last = await page(lastOffset);
    const again = {
      first: await page(0),
      middle: await page(Math.floor(total / 2)),
      last: await page(lastOffset),
    };
    const complete =
      first.body.messages.length === Math.min(PAGE, total) &&
      middle.body.messages.length === Math.min(PAGE, total - Math.floor(total / 2)) &&
      last.body.messages.length === total - lastOffset;
    return {
      first: first.ms,
      middle: middle.ms,
      last: last.ms,
      again: { first: again.first.ms, middle: again.middle.ms, last: again.last.ms },
      total,
      complete,
      serverRssBytes: peakRss(server.pid),
    };
  } finally {
    server.kill();
  }
}

function serveUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /SERVE_URL=(http:\/\/[^/\s]+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    server.on('exit', (code) => reject(new Error(`serve exited (${code}) before it listened: ${out}`)));
  });
}

/** The process's peak resident memory so far (Linux), or null. */
function peakRss(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

interface Round {
  cat: Run;
  wc: Run;
  parse: Run;
  text: Run;
  json: Run;
  head: Run;
  pages: PageTimes;
}

async function measureRound(data: HugeData, env: NodeJS.ProcessEnv): Promise<Round> {
  const show = [BIN, 'sessions', 'show', data.id, '--codex-home', data.codexHome];
  return {
    cat: await runCounted('cat', [data.path], env),
    wc: await runCounted('wc', ['-l', data.path], env),
    parse: await runCounted(process.execPath, ['-e', PARSE_EVERY_LINE, data.path], env),
    text: await runCounted(process.execPath, show, env),
    json: await runCounted(process.execPath, [...show, '--json'], env),
    head: await runCounted(process.execPath, show, env, 40),
    pages: await measurePages(data, env),
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number | null) => (bytes === null ? '-' : `${(bytes / 1e6).toFixed(0)} MB`);
const each = (values: number[], show: (n: number) => string) =>
  values.length > 1
    ? `${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`
    : show(values[0] as number);
const load = () =>
  `load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`;

/** Measures and prints; true when a run failed or broke a target (the bench then exits 1). */
export async function measureHugeSession(scale: number, rounds: number): Promise<boolean> {
  const data = ensureHugeSession(scale);
  const work = mkdtempSync(join(tmpdir(), 'codex-retro-bench-huge-'));
  const env = {
    ...process.env,
    CODEX_RETRO_CACHE_DIR: join(work, 'cache'),
    CODEX_RETRO_STATE_DIR: join(work, 'state'),
    XDG_STATE_HOME: join(work, 'xdg-state'),
  };
  try {
    await runCounted('cat', [data.path], env);
    // The index of the home comes first (what any command does on a cold cache), measured once.
    const index = await runCounted(
      process.execPath,
      [BIN, 'sessions', 'list', '--codex-home', data.codexHome],
      env,
    );
    const measured: Round[] = [];
    for (let round = 0; round < rounds; round++) measured.push(await measureRound(data, env));
    return printHuge(data, index, measured, scale);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function printHuge(data: HugeData, index: Run, rounds: Round[], scale: number): boolean {
  const pick = (f: (r: Round) => number) => rounds.map(f);
  const peak = (f: (r: Round) => number | null) => mb(Math.max(...rounds.map((r) => f(r) ?? 0)));
  const ratio = (f: (r: Round) => number) =>
    each(
      pick((r) => f(r) / r.parse.ms),
      (n) => `${n.toFixed(2)}x`,
    );
  const last = rounds[rounds.length - 1] as Round;
  const total = last.pages.total;
  console.log(
    `\n== huge session: one rollout of ${(data.bytes / 1e6).toFixed(0)} MB, ${data.lines} lines, ${total} transcript entries, BENCH_SCALE=${scale}, ${rounds.length} round(s) (${load()})`,
  );
  const rows: [string, string, string, string][] = [
    [
      'cat > /dev/null',
      each(
        pick((r) => r.cat.ms),
        s,
      ),
      '',
      peak((r) => r.cat.rssBytes),
    ],
    [
      'wc -l',
      each(
        pick((r) => r.wc.ms),
        s,
      ),
      '',
      peak((r) => r.wc.rssBytes),
    ],
    [
      'baseline: readline + JSON.parse every line',
      each(
        pick((r) => r.parse.ms),
        s,
      ),
      '1x',
      peak((r) => r.parse.rssBytes),
    ],
    [
      'sessions show (text, to the end)',
      each(
        pick((r) => r.text.ms),
        s,
      ),
      ratio((r) => r.text.ms),
      peak((r) => r.text.rssBytes),
    ],
    [
      '  its first byte of output',
      each(
        pick((r) => r.text.firstByteMs ?? 0),
        s,
      ),
      ratio((r) => r.text.firstByteMs ?? 0),
      '',
    ],
    [
      'sessions show --json (to the end)',
      each(
        pick((r) => r.json.ms),
        s,
      ),
      ratio((r) => r.json.ms),
      peak((r) => r.json.rssBytes),
    ],
    [
      'sessions show | head -n 40 (until it exits)',
      each(
        pick((r) => r.head.ms),
        s,
      ),
      ratio((r) => r.head.ms),
      peak((r) => r.head.rssBytes),
    ],
    [
      'API page 1 (opens the transcript: one pass)',
      each(
        pick((r) => r.pages.first),
        s,
      ),
      ratio((r) => r.pages.first),
      '',
    ],
    [
      `API page in the middle (offset ${Math.floor(total / 2)})`,
      each(
        pick((r) => r.pages.middle),
        s,
      ),
      '',
      '',
    ],
    [
      `API last page (offset ${Math.max(0, total - PAGE)})`,
      each(
        pick((r) => r.pages.last),
        s,
      ),
      '',
      '',
    ],
    [
      'API page 1 again',
      each(
        pick((r) => r.pages.again.first),
        s,
      ),
      '',
      '',
    ],
    [
      'API middle page again',
      each(
        pick((r) => r.pages.again.middle),
        s,
      ),
      '',
      '',
    ],
    [
      'API last page again',
      each(
        pick((r) => r.pages.again.last),
        s,
      ),
      '',
      '',
    ],
    ['serve (all pages above)', '', '', peak((r) => r.pages.serverRssBytes)],
    ['index, cold (sessions list, once, before the rounds)', s(index.ms), '', mb(index.rssBytes)],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  console.log(
    `${'figure'.padEnd(widths[0] as number)}  ${'wall'.padEnd(widths[1] as number)}  ${'/ baseline'.padEnd(widths[2] as number)}  peak RSS`,
  );
  for (const row of rows) {
    console.log(
      `${row[0].padEnd(widths[0] as number)}  ${row[1].padEnd(widths[1] as number)}  ${row[2].padEnd(widths[2] as number)}  ${row[3]}`,
    );
  }
  console.log(
    `output: text ${mb(last.text.bytes)}, JSON ${mb(last.json.bytes)}; pages of ${PAGE} entries, limit=${PAGE}&offset=N`,
  );
  const problems: string[] = [];
  for (const r of rounds) {
    if (r.text.status !== 0) problems.push(`sessions show exited ${r.text.status}: ${r.text.stderr.trim()}`);
    if (r.json.status !== 0)
      problems.push(`sessions show --json exited ${r.json.status}: ${r.json.stderr.trim()}`);
    if (!r.json.head.startsWith('{\n  "id": ') || !r.json.tail.endsWith(']\n}\n'))
      problems.push('sessions show --json did not print one whole JSON document');
    if (r.head.stderr.trim() !== '')
      problems.push(`sessions show | head printed on stderr: ${r.head.stderr.trim()}`);
    if (!r.pages.complete) problems.push('an API page did not hold the entries it should');
    for (const [name, run] of [
      ['show', r.text],
      ['show --json', r.json],
    ] as const) {
      if ((run.rssBytes ?? 0) >= RSS_TARGET)
        problems.push(`${name}: peak RSS ${mb(run.rssBytes)}, over ${mb(RSS_TARGET)}`);
    }
  }
  for (const problem of new Set(problems)) console.log(`FAILED: ${problem}`);
  return problems.length > 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildDist();
  const failed = await measureHugeSession(
    Number(process.env.BENCH_SCALE ?? '1'),
    Math.max(1, Number(process.env.BENCH_ROUNDS ?? '3')),
  );
  if (failed) process.exitCode = 1;
}
