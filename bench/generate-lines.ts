/**
 * Builds (once, cached under bench/data/lines-scale-<scale>/) a Codex home shaped like real 0.1xx stores: many
 * small lines (~1 KB on average) rather than a few huge tool outputs. At scale 1: 1,000+ rollouts and more than a
 * million lines. Each session is a run of turns in the line shapes of the real fixture rollouts (0.169.0's
 * session_meta with its base instructions, its injected context messages, its turn context, token counts and
 * response items) and of the format spec: most sessions written as 0.100–0.130 write them (event_msg
 * user_message / agent_message / agent_reasoning beside the response items), a fifth as 0.169 does (ordinals,
 * item_completed, token_usage_record, world_state). Reasoning items carry encrypted content; tool outputs are
 * mostly short, some long, a few of hundreds of KB. The vocabulary holds no credential-like word (token, key,
 * secret…): text that names one in every sentence makes the redaction's checks fire on every line (an earlier
 * run with `token` as one word in 45 measured that). Strings are planted for the search figures (see `Planted`).
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
import { addLine, type LineMix, lineKind } from './line-mix.js';

/** Strings planted for the recall figures, and the sessions that hold them (ground truth beside grep). */
export interface Planted {
  /** A word in one tool output, far past the first 4,000 characters. */
  rare: { text: string; sessions: string[] };
  /** A file:line:column string in three sessions, past what the index keeps (its file name is in hundreds). */
  location: { text: string; sessions: string[] };
  /** Text with quotes, a tab, a backslash and non-ASCII: JSON-escaped in the file. */
  escaped: { text: string; sessions: string[] };
  /** A string that occurs only inside an API key: a search must find nothing. */
  secret: { text: string; sessions: string[] };
}

export interface LinesData {
  codexHome: string;
  files: number;
  bytes: number;
  lines: number;
  mix: LineMix;
  planted: Planted;
}

const FORMAT = 2;
const ROOT = fileURLToPath(new URL('.', import.meta.url));
const FIXTURE = join(
  ROOT,
  '..',
  'test',
  'fixtures',
  'codex-sessions',
  '0.169.0',
  'sessions',
  '2026',
  '11',
  '22',
);
const PROJECTS = [
  'billing-api',
  'web-shop',
  'infra',
  'ml-pipeline',
  'docs-site',
  'mobile-app',
  'auth-service',
  'data-etl',
];
const WORDS = (
  'build test deploy error warning module import export function class interface request response cache ' +
  'database query index migration schema tensor session user config server client handler router worker ' +
  'queue retry timeout connection socket stream buffer parse render component state effect hook reducer'
).split(' ');
const RARE = 'quetzalcoatlite';
const ESCAPED = 'expected "Grüße"\tgot C:\\temp';
const LOCATION = 'module_417.ts:611:3';
const SECRET_PART = 'Zq8Rw3Kx5Vb';
const KEY = `sk-proj-Ab3dE5gH7jK9mN1pQ3sT5vX7z${SECRET_PART}Y2b4D6f8H0k2M4p6R8t0W2y4`;

/** Real lines of the fixture: session meta (with its base instructions) and the injected context messages. */
export function loadPrototypes() {
  const name = readdirSync(FIXTURE).sort()[0] as string;
  const lines = readFileSync(join(FIXTURE, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const meta = lines.find((line) => line.type === 'session_meta');
  const context = lines.filter(
    (line) =>
      line.type === 'response_item' &&
      line.payload.type === 'message' &&
      (line.payload.role === 'developer' ||
        /^<environment_context>/.test(line.payload.content?.[0]?.text ?? '')),
  );
  const world = lines.find((line) => line.type === 'world_state');
  return { meta, context, world };
}

export function uuidV7(ms: number, random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}

type Plant = 'rare' | 'location' | 'escaped' | 'secret';

export interface Session {
  id: string;
  startMs: number;
  project: string;
  steps: number;
  modern: boolean;
  plant: Set<Plant>;
}

/** Writes one session; returns its bytes and adds its lines to `mix`. */
export function writeSession(
  codexHome: string,
  s: Session,
  protos: ReturnType<typeof loadPrototypes>,
  random: () => number,
  pool: Pools,
  mix: LineMix,
): { bytes: number; lines: number } {
  const date = new Date(s.startMs).toISOString();
  const dir = join(codexHome, 'sessions', date.slice(0, 4), date.slice(5, 7), date.slice(8, 10));
  mkdirSync(dir, { recursive: true });
  const fd = openSync(join(dir, `rollout-${date.slice(0, 19).replaceAll(':', '-')}-${s.id}.jsonl`), 'w');
  const cwd = `/home/dev/work/${s.project}`;
  let now = s.startMs;
  let ordinal = 0;
  let bytes = 0;
  let lines = 0;
  let pending = '';
  const emit = (type: string, payload: unknown) => {
    now += 1 + Math.floor(random() * 1500);
    const line = JSON.stringify(
      s.modern
        ? { timestamp: new Date(now).toISOString(), ordinal: ordinal++, type, payload }
        : { timestamp: new Date(now).toISOString(), type, payload },
    );
    addLine(mix, lineKind({ type, payload }), Buffer.byteLength(line) + 1);
    pending += `${line}\n`;
    lines += 1;
    if (pending.length > 1 << 20) flush();
  };
  const flush = () => {
    bytes += writeSync(fd, pending);
    pending = '';
  };
  const meta = structuredClone(protos.meta.payload);
  Object.assign(meta, {
    id: s.id,
    session_id: s.id,
    timestamp: date,
    cwd,
    runtime_workspace_roots: [cwd],
    cli_version: s.modern ? '0.169.0' : '0.130.0',
    model_provider: 'openai',
    originator: 'codex_cli_rs',
    source: 'cli',
  });
  emit('session_meta', meta);
  const tokens = { input: 0, cached: 0, output: 0, reasoning: 0 };
  let stepsLeft = s.steps;
  const planted = new Set(s.plant);
  for (let turn = 0; stepsLeft > 0; turn++) {
    const turnId = uuidV7(now, random);
    const steps = Math.min(stepsLeft, 2 + Math.floor(random() * 20));
    stepsLeft -= steps;
    emit('event_msg', { type: 'task_started', turn_id: turnId, model_context_window: 258400 });
    emit('turn_context', {
      turn_id: turnId,
      cwd,
      approval_policy: 'on-request',
      sandbox_policy: { type: 'workspace-write', network_access: false },
      model: 'gpt-5-codex',
      effort: 'medium',
      summary: 'auto',
      current_date: date.slice(0, 10),
      timezone: 'Europe/Berlin',
    });
    if (turn === 0)
      for (const line of protos.context)
        emit('response_item', {
          ...line.payload,
          content: line.payload.content.map((c: { text: string }) => ({
            ...c,
            text: c.text.replaceAll('/home/dev/work/demo-repo', cwd),
          })),
        });
    if (s.modern && turn === 0 && protos.world) emit('world_state', protos.world.payload);
    const prompt = `${sentence(random, 6 + Math.floor(random() * 30))} in ${s.project}`;
    emit('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    if (s.modern)
      emit('event_msg', {
        type: 'item_completed',
        thread_id: s.id,
        turn_id: turnId,
        item: {
          type: 'UserMessage',
          id: uuidV7(now, random),
          content: [{ type: 'text', text: prompt, text_elements: [] }],
        },
      });
    else emit('event_msg', { type: 'user_message', message: prompt, images: [] });
    for (let step = 0; step < steps; step++) {
      const summary = sentence(random, 8 + Math.floor(random() * 40));
      emit('response_item', {
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: `**${sentence(random, 3)}**\n\n${summary}` }],
        content: null,
        encrypted_content: pool.encrypted(300 + Math.floor(random() * 2000)),
      });
      if (!s.modern)
        emit('event_msg', { type: 'agent_reasoning', text: `**${sentence(random, 3)}**\n\n${summary}` });
      const callId = `call_${Math.floor(random() * 1e12).toString(36)}`;
      const patch = random() < 0.08;
      if (patch) {
        const file = `src/module_${Math.floor(random() * 1000)}.ts`;
        emit('response_item', {
          type: 'custom_tool_call',
          status: 'completed',
          call_id: callId,
          name: 'apply_patch',
          input: `*** Begin Patch\n*** Update File: ${file}\n@@\n${pool.code(200 + Math.floor(random() * 2500))}\n*** End Patch\n`,
        });
      } else {
        emit('response_item', {
          type: 'function_call',
          name: 'exec_command',
          arguments: JSON.stringify({
            cmd: pool.command(),
            workdir: cwd,
            yield_time_ms: 10000,
            max_output_tokens: 10000,
          }),
          call_id: callId,
        });
      }
      const used = {
        input_tokens: 9000 + Math.floor(random() * 60000),
        cached_input_tokens: 0,
        output_tokens: 50 + Math.floor(random() * 900),
        reasoning_output_tokens: Math.floor(random() * 600),
        total_tokens: 0,
      };
      used.cached_input_tokens = Math.floor(used.input_tokens * 0.8);
      used.total_tokens = used.input_tokens + used.output_tokens;
      tokens.input += used.input_tokens;
      tokens.cached += used.cached_input_tokens;
      tokens.output += used.output_tokens;
      tokens.reasoning += used.reasoning_output_tokens;
      if (s.modern)
        emit('token_usage_record', {
          thread_id: s.id,
          turn_id: turnId,
          session_id: s.id,
          response_id: `resp_${callId}`,
          usage: used,
        });
      emit('event_msg', tokenCount(tokens, used));
      let out = pool.output(random);
      // Planted only in outputs that are written (an apply_patch output is a fixed text).
      const deep = !patch && out.length > 5000;
      if (deep && planted.has('rare')) {
        out = `${out}\nnpm ERR! ${RARE} dependency could not be resolved\n`;
        planted.delete('rare');
      }
      if (deep && planted.has('location')) {
        out = `${out}\nsrc/${LOCATION} - error TS2345: Argument of type 'string' is not assignable\n`;
        planted.delete('location');
      }
      if (!patch && planted.has('escaped') && random() < 0.3) {
        out = `${out}\nassert.equal failed: ${ESCAPED}\n`;
        planted.delete('escaped');
      }
      if (!patch && planted.has('secret') && random() < 0.3) {
        out = `${out}\nOPENAI_API_KEY=${KEY}\n`;
        planted.delete('secret');
      }
      if (patch)
        emit('response_item', {
          type: 'custom_tool_call_output',
          call_id: callId,
          output: `Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nM src/module.ts\n`,
        });
      else {
        const code = random() < 0.15 ? 1 : 0;
        if (s.modern)
          emit('event_msg', {
            type: 'item_completed',
            thread_id: s.id,
            turn_id: turnId,
            item: {
              type: 'CommandExecution',
              id: callId,
              command: ['/bin/bash', '-lc', 'npm test'],
              status: 'completed',
              aggregated_output: out,
              exit_code: code,
            },
          });
        emit('response_item', {
          type: 'function_call_output',
          call_id: callId,
          output: `Chunk ID: ${callId.slice(5, 11)}\nWall time: ${(random() * 20).toFixed(4)} seconds\nProcess exited with code ${code}\nOriginal token count: ${Math.round(out.length / 4)}\nOutput:\n${out}`,
        });
      }
    }
    const answer = sentence(random, 20 + Math.floor(random() * 120));
    if (s.modern)
      emit('event_msg', {
        type: 'item_completed',
        thread_id: s.id,
        turn_id: turnId,
        item: { type: 'AgentMessage', id: `msg_${turnId}`, content: [{ type: 'Text', text: answer }] },
      });
    else emit('event_msg', { type: 'agent_message', message: answer });
    emit('response_item', {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: answer }],
    });
    emit('event_msg', {
      type: 'task_complete',
      turn_id: turnId,
      last_agent_message: answer,
      duration_ms: Math.floor(random() * 600000),
    });
    if (stepsLeft <= 0 && planted.size > 0) {
      // A session too short for its planted strings gets one more step's worth of output.
      stepsLeft = 1;
    }
  }
  flush();
  closeSync(fd);
  return { bytes, lines };
}

function tokenCount(
  totals: { input: number; cached: number; output: number; reasoning: number },
  last: Record<string, number>,
) {
  return {
    type: 'token_count',
    info: {
      total_token_usage: {
        input_tokens: totals.input,
        cached_input_tokens: totals.cached,
        output_tokens: totals.output,
        reasoning_output_tokens: totals.reasoning,
        total_tokens: totals.input + totals.output,
      },
      last_token_usage: last,
      model_context_window: 258400,
    },
    rate_limits: {
      primary: { used_percent: 12.0, window_minutes: 300, resets_in_seconds: 9000 },
      secondary: { used_percent: 31.0, window_minutes: 10080, resets_in_seconds: 400000 },
    },
  };
}

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

export interface Pools {
  encrypted(length: number): string;
  code(length: number): string;
  command(): string;
  output(random: () => number): string;
}

/** Text that contents are cut from: base64 for encrypted reasoning, log lines naming module files for outputs. */
export function buildPools(random: () => number): Pools {
  const base64 = randomBytes(3 << 20).toString('base64');
  const log: string[] = [];
  for (let i = 0, size = 0; size < 16_000_000; i++) {
    const roll = random();
    const line =
      roll < 0.08
        ? `src/module_${Math.floor(random() * 1000)}.ts:${1 + Math.floor(random() * 999)}:${1 + Math.floor(random() * 80)} - error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.`
        : roll < 0.5
          ? `  ✓ ${sentence(random, 4 + Math.floor(random() * 6))} (${Math.floor(random() * 300)} ms)`
          : `[${String(i % 24).padStart(2, '0')}:00:00] ${['INFO', 'WARN', 'DEBUG'][i % 3]} ${sentence(random, 5 + Math.floor(random() * 10))}`;
    log.push(line);
    size += line.length + 1;
  }
  const text = log.join('\n');
  const commands = [
    'npm test',
    'npx tsc --noEmit',
    'git status --short',
    'rg -n "TODO" src',
    'sed -n 1,120p src/index.ts',
    'ls -la',
    'npm run lint',
    'git diff --stat',
    'cat package.json',
    'pytest -q',
  ];
  const cut = (source: string, length: number) => {
    const start = Math.floor(random() * (source.length - length - 1));
    return source.slice(start, start + length);
  };
  return {
    encrypted: (length) => `gAAAAAB${cut(base64, length)}`,
    code: (length) =>
      cut(text, length)
        .split('\n')
        .map((line) => `+${line}`)
        .join('\n'),
    command: () => commands[Math.floor(random() * commands.length)] as string,
    output(r) {
      const roll = r();
      // Mostly short, some a few KB to tens of KB, a few hundreds of KB.
      const length =
        roll < 0.002
          ? 100_000 + Math.floor(r() * 600_000)
          : roll < 0.055
            ? 3_000 + Math.floor(r() * 28_000)
            : 20 + Math.floor(r() * 900);
      return cut(text, length);
    },
  };
}

/** Builds the many-lines store for `scale` unless it is already cached, and describes it. */
export function ensureLinesData(scale: number): LinesData {
  const base = join(ROOT, 'data', `lines-scale-${scale}`);
  const manifestPath = join(base, 'manifest.json');
  if (existsSync(manifestPath)) {
    const cached = JSON.parse(readFileSync(manifestPath, 'utf8')) as LinesData & { format: number };
    if (cached.format === FORMAT) return cached;
  }
  rmSync(base, { recursive: true, force: true });
  const codexHome = join(base, 'codex-home');
  const random = createRandom(7);
  const protos = loadPrototypes();
  const pool = buildPools(random);
  const count = Math.max(20, Math.round(1030 * scale));
  const totalSteps = 200_000 * scale;
  const weights = Array.from({ length: count }, () => Math.exp(random() * 4));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const endMs = Date.parse('2026-11-22T00:00:00Z');
  const sessions: Session[] = weights.map((weight, i) => {
    const startMs = endMs - 60 * 86_400_000 + Math.floor(((i + random()) / count) * 60 * 86_400_000);
    return {
      id: uuidV7(startMs, random),
      startMs,
      project: PROJECTS[i % PROJECTS.length] as string,
      steps: Math.max(2, Math.round((weight / weightSum) * totalSteps)),
      modern: random() < 0.2,
      plant: new Set(),
    };
  });
  // The rare word in one large session; the escaped text in five; the key in three.
  const largest = [...sessions].sort((a, b) => b.steps - a.steps);
  largest[Math.floor(count / 10)]!.plant.add('rare');
  for (let i = 0; i < 3; i++) sessions[Math.floor((i + 0.7) * (count / 3))]!.plant.add('location');
  for (let i = 0; i < 5; i++) sessions[Math.floor((i + 0.5) * (count / 5))]!.plant.add('escaped');
  for (let i = 0; i < 3; i++) sessions[Math.floor((i + 0.3) * (count / 3))]!.plant.add('secret');
  const mix: LineMix = {};
  let bytes = 0;
  let lines = 0;
  for (const session of sessions) {
    const written = writeSession(codexHome, session, protos, random, pool, mix);
    bytes += written.bytes;
    lines += written.lines;
  }
  const holding = (kind: Plant) => sessions.filter((s) => s.plant.has(kind)).map((s) => s.id);
  const data: LinesData = {
    codexHome,
    files: count,
    bytes,
    lines,
    mix,
    planted: {
      rare: { text: RARE, sessions: holding('rare') },
      location: { text: LOCATION, sessions: holding('location') },
      escaped: { text: ESCAPED, sessions: holding('escaped') },
      secret: { text: SECRET_PART, sessions: holding('secret') },
    },
  };
  writeFileSync(manifestPath, JSON.stringify({ ...data, format: FORMAT }, null, 2));
  return data;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = ensureLinesData(Number(process.env.BENCH_SCALE ?? '1'));
  console.log(JSON.stringify({ ...data, mix: undefined }, null, 2));
}
