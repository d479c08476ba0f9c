/**
 * Builds (once, cached under bench/data/) a Codex home for the benchmark out of the real fixture rollouts:
 * about 1,000 rollouts / 1 GB with large tool outputs, plus one 300 MB rollout holding a 64 MB line (an
 * inline image in a user message). BENCH_SCALE=0.05 makes a quick, proportionally smaller store.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom as createRandom } from '../src/analytics/effect/permutation.js';

export interface BenchData {
  codexHome: string;
  files: number;
  bytes: number;
  /** A word that appears in exactly one tool output. */
  rareWord: string;
  rareSessionId: string;
  giantSessionId: string;
  giantLineBytes: number;
}

const FORMAT = 3;
const ROOT = fileURLToPath(new URL('.', import.meta.url));
const FIXTURES = process.env.BENCH_FIXTURES ?? join(ROOT, '..', 'test', 'fixtures', 'codex-sessions');
const RARE_WORD = 'quetzalcoatlite';
const PROJECTS = [
  'billing-api',
  'web-shop',
  'infra',
  'ml-pipeline',
  'docs-site',
  'mobile-app',
  'auth-service',
  'data-etl',
  'cli-tools',
  'game-engine',
  'search',
  'payments',
];
const WORDS = (
  'build test deploy error warning module import export function class interface request response cache ' +
  'database query index migration schema token session user config server client handler router worker ' +
  'queue retry timeout connection socket stream buffer parse render component state effect hook reducer ' +
  'lint format compile bundle package version release branch commit merge rebase conflict patch diff ' +
  'coverage snapshot fixture mock spy assert expect describe suite benchmark profile memory leak latency ' +
  'throughput metric trace span log level debug info fatal panic stack frame symbol binary artifact docker ' +
  'kubernetes pod node cluster volume secret ingress service gateway proxy tls certificate dns upstream'
).split(' ');

interface Template {
  lines: string[];
  id: string;
  startMs: number;
  modern: boolean;
}

function loadTemplates(): Template[] {
  const templates: Template[] = [];
  for (const version of readdirSync(FIXTURES)) {
    const dir = join(FIXTURES, version, 'sessions', '2026', '11', '22');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const lines = readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      const first = JSON.parse(lines[0]!) as { timestamp: string; payload: { id: string } };
      templates.push({
        lines,
        id: first.payload.id,
        startMs: Date.parse(first.timestamp),
        modern: lines.some((line) => line.includes('"ordinal"')),
      });
    }
  }
  if (templates.length === 0) throw new Error(`No fixture rollouts under ${FIXTURES}`);
  return templates;
}

function uuidV7(ms: number, random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

/** About 8 MB of log-like text that tool outputs are cut from. */
function buildTextPool(random: () => number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 8_000_000; i += 1) {
    const line = `[2026-10-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z] ${['INFO', 'WARN', 'DEBUG', 'ERROR'][i % 4]} ${sentence(random, 6 + (i % 9))} (${i})`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function toolOutput(pool: string, random: () => number, length: number, head: string): string {
  const start = Math.floor(random() * (pool.length - length - 1));
  return `${head}\n${pool.slice(Math.max(0, start), start + length)}`;
}

/** A tool call and its (large) output in the format of the template's Codex release. */
function toolLines(
  template: Template,
  ts: string,
  callId: string,
  output: string,
  exitCode: number,
): string[] {
  if (!template.modern) {
    return [
      JSON.stringify({
        timestamp: ts,
        type: 'response_item',
        payload: {
          type: 'function_call',
          name: 'shell',
          arguments: JSON.stringify({ command: ['bash', '-lc', 'npm test'] }),
          call_id: callId,
        },
      }),
      JSON.stringify({
        timestamp: ts,
        type: 'response_item',
        payload: {
          type: 'function_call_output',
          call_id: callId,
          output: JSON.stringify({ output, metadata: { exit_code: exitCode, duration_seconds: 1.5 } }),
        },
      }),
    ];
  }
  const text = `Chunk ID: 3b5828\nWall time: 1.5000 seconds\nProcess exited with code ${exitCode}\nOriginal token count: ${Math.round(output.length / 4)}\nOutput:\n${output}`;
  return [
    JSON.stringify({
      timestamp: ts,
      type: 'response_item',
      payload: {
        type: 'function_call',
        name: 'exec_command',
        arguments: JSON.stringify({ cmd: 'npm test', yield_time_ms: 10000 }),
        call_id: callId,
      },
    }),
    JSON.stringify({
      timestamp: ts,
      type: 'event_msg',
      payload: {
        type: 'item_completed',
        item: {
          type: 'CommandExecution',
          id: callId,
          command: ['/bin/bash', '-lc', 'npm test'],
          status: 'completed',
          aggregated_output: output,
          exit_code: exitCode,
        },
      },
    }),
    JSON.stringify({
      timestamp: ts,
      type: 'response_item',
      payload: { type: 'function_call_output', call_id: callId, output: text },
    }),
  ];
}

function rewriteLine(
  line: string,
  template: Template,
  id: string,
  shiftMs: number,
  project: string,
  prompt: string,
): string {
  return line
    .replaceAll(template.id, id)
    .replace(
      /"timestamp":"([^"]+)"/g,
      (_, iso: string) => `"timestamp":"${new Date(Date.parse(iso) + shiftMs).toISOString()}"`,
    )
    .replaceAll('/home/dev/work/demo-repo', `/home/dev/work/${project}`)
    .replace(/\[\[scn:([a-z_0-9]+)\]\] /g, (_, scn: string) => `[[scn:${scn}]] ${prompt} `);
}

interface Plan {
  template: Template;
  startMs: number;
  id: string;
  extraBytes: number;
  imageBytes: number;
  rare: boolean;
}

function writeRollout(codexHome: string, plan: Plan, pool: string, random: () => number): number {
  const { template, startMs, id } = plan;
  const date = new Date(startMs).toISOString();
  const dir = join(codexHome, 'sessions', date.slice(0, 4), date.slice(5, 7), date.slice(8, 10));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `rollout-${date.slice(0, 19).replaceAll(':', '-')}-${id}.jsonl`);
  const fd = openSync(path, 'w');
  let written = 0;
  const write = (line: string) => {
    written += writeSync(fd, `${line}\n`);
  };
  try {
    const shift = startMs - template.startMs;
    const project = PROJECTS[Math.floor(random() * PROJECTS.length)]!;
    const prompt = sentence(random, 8);
    const lines = template.lines.map((line) => rewriteLine(line, template, id, shift, project, prompt));
    const last = lines.pop()!;
    for (const line of lines) write(line);
    const ts = new Date(startMs + 5000).toISOString();
    if (plan.imageBytes > 0) {
      const image = `data:image/png;base64,${randomBytes(Math.floor((plan.imageBytes * 3) / 4)).toString('base64')}`;
      write(
        JSON.stringify({
          timestamp: ts,
          type: 'response_item',
          payload: {
            type: 'message',
            role: 'user',
            content: [
              { type: 'input_text', text: 'Why does the chart in this screenshot look wrong?' },
              { type: 'input_image', image_url: image },
            ],
          },
        }),
      );
    }
    for (let n = 0; written < plan.extraBytes; n += 1) {
      const copies = template.modern ? 2 : 1;
      const length = Math.min(2_000_000, Math.max(20_000, (plan.extraBytes - written) / copies));
      const head =
        plan.rare && n === 0
          ? `npm ERR! ${RARE_WORD} dependency could not be resolved`
          : `> ${sentence(random, 5)}`;
      for (const line of toolLines(
        template,
        ts,
        `call_bench_${n}`,
        toolOutput(pool, random, length, head),
        n % 5 === 0 ? 1 : 0,
      )) {
        write(line);
      }
    }
    write(last);
  } finally {
    closeSync(fd);
  }
  return written;
}

/** Builds the benchmark store for `scale` unless it is already cached, and describes it. */
export function ensureBenchData(scale: number): BenchData {
  const base = join(ROOT, 'data', `scale-${scale}`);
  const manifestPath = join(base, 'manifest.json');
  if (existsSync(manifestPath)) {
    const cached = JSON.parse(readFileSync(manifestPath, 'utf8')) as BenchData & { format: number };
    if (cached.format === FORMAT) return cached;
  }
  rmSync(base, { recursive: true, force: true });
  const codexHome = join(base, 'codex-home');
  const random = createRandom(42);
  const templates = loadTemplates();
  const pool = buildTextPool(random);
  const count = Math.max(10, Math.round(1000 * scale));
  const targetBytes = 1e9 * scale;
  // Sizes spread like a real store: most sessions small, a few very large.
  const weights = Array.from({ length: count }, () => Math.exp(random() * 4));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const endMs = Date.parse('2026-11-22T00:00:00Z');
  const plans: Plan[] = weights.map((weight, i) => {
    const startMs = endMs - 60 * 86_400_000 + Math.floor(((i + random()) / count) * 60 * 86_400_000);
    return {
      template: templates[i % templates.length]!,
      startMs,
      id: uuidV7(startMs, random),
      extraBytes: (weight / weightSum) * targetBytes,
      imageBytes: 0,
      rare: i === Math.floor(count / 3),
    };
  });
  const giantStart = endMs - 86_400_000;
  const giant: Plan = {
    template: templates.find((t) => t.modern) ?? templates[0]!,
    startMs: giantStart,
    id: uuidV7(giantStart, random),
    extraBytes: 300e6 * scale,
    imageBytes: Math.max(1_000_000, Math.round(64 * 1024 * 1024 * scale)),
    rare: false,
  };
  let bytes = 0;
  for (const plan of [...plans, giant]) bytes += writeRollout(codexHome, plan, pool, random);
  const data: BenchData = {
    codexHome,
    files: plans.length + 1,
    bytes,
    rareWord: RARE_WORD,
    rareSessionId: plans.find((plan) => plan.rare)!.id,
    giantSessionId: giant.id,
    giantLineBytes: giant.imageBytes,
  };
  writeFileSync(manifestPath, JSON.stringify({ ...data, format: FORMAT }, null, 2));
  return data;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = ensureBenchData(Number(process.env.BENCH_SCALE ?? '1'));
  console.log(JSON.stringify(data, null, 2));
}
