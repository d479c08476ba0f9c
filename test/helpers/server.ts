import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JobContext, JobStatus } from '../../src/jobs/index.js';
import { createApp } from '../../src/server/app.js';
import type { JobSource, JobView, ServerDeps, SessionSource } from '../../src/server/deps.js';
import type { SessionDetail, TranscriptEntry } from '../../src/sessions/types.js';
import type { RunCodex } from '../../src/workflows/deps.js';
import { createOrchestrator } from '../../src/workflows/orchestrator.js';
import { completeUsage } from './cost.js';
import { plainSessionFacts } from './session-facts.js';

/** Unit-test wiring: fake store, fake runner and an in-memory job registry around the real routes. */
export const SESSION_ID = '019a1111-2222-7333-8444-555566667777';
export const SECRET = `ghp_${'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'}`;
export const TOKEN = 'f'.repeat(64);
export const HOST = '127.0.0.1:4321';
export const ORIGIN = `http://${HOST}`;

function entry(
  line: number,
  role: TranscriptEntry['role'],
  kind: TranscriptEntry['kind'],
  content: string,
): TranscriptEntry {
  return { line, role, kind, content, ts: '2026-11-20T10:00:00.000Z' };
}

export function makeSessionDetail(messages = 3): SessionDetail {
  const entries: TranscriptEntry[] = [
    entry(1, 'user', 'context', '<environment_context>cwd</environment_context>'),
    entry(2, 'user', 'message', 'Make the date test pass'),
    entry(3, 'tool', 'tool_output', `GITHUB_TOKEN=${SECRET} npm test failed`),
  ];
  for (let i = entries.length; i < messages; i++)
    entries.push(entry(i + 1, 'assistant', 'message', `reply ${i}`));
  const tokens = { input: 1, cached_input: 0, output: 1, reasoning: 0, total: 2 };
  return {
    id: SESSION_ID,
    metadata: completeUsage({
      id: SESSION_ID,
      title: 'Make the date test pass',
      path: '/x/rollout.jsonl',
      archived: false,
      era: 'C6',
      started_at: '2026-11-20T10:00:00.000Z',
      updated_at: '2026-11-20T10:05:00.000Z',
      cwd: '/work/app',
      repo_hint: 'app',
      git: null,
      model: 'gpt-5.5',
      models: ['gpt-5.5'],
      model_provider: 'openai',
      cli_version: '0.169.0',
      originator: 'codex_exec',
      source: 'exec',
      forked_from_id: null,
      user_messages: 1,
      assistant_messages: 0,
      tool_calls: 1,
      tool_errors: 1,
      turns: 1,
      ...plainSessionFacts(),
      tokens,
      parse_issues: { counts: {}, examples: [] },
    }),
    messages: entries,
    turns: [],
  };
}

function makeFakeSessions(detail: SessionDetail): SessionSource & { lastList: unknown } {
  const source = {
    lastList: undefined as unknown,
    list(options: unknown) {
      source.lastList = options;
      const { messages: _m, turns: _t, metadata } = detail;
      const summary = { ...metadata, snippet: `…${SECRET}…` };
      return { sessions: [summary], total: 1, issues: [] };
    },
    get: (id: string) => (id === detail.id ? structuredClone(detail) : null),
  };
  return source as unknown as SessionSource & { lastList: unknown };
}

type MemoryJob = JobView & {
  status: JobStatus;
  kind: string;
  session_id: string | null;
  prompts: string[];
  error: { code: string; message: string } | null;
  result: Record<string, unknown> | null;
  codex_thread_id: string | null;
};

/** A job registry that keeps everything in memory; enough for routes, the real one is tested on its own. */
function makeMemoryJobs() {
  let counter = 0;
  const jobs = new Map<string, MemoryJob>();
  const listeners = new Map<string, Set<(event: Record<string, unknown>) => void>>();
  const done = new Map<string, Promise<JobView>>();
  const emit = (id: string, event: Record<string, unknown>) => {
    jobs.get(id)?.events.push(event);
    for (const listener of listeners.get(id) ?? []) listener(event);
  };
  const registry = {
    submit(spec: {
      kind: string;
      session_id?: string | null;
      prompts: string[];
      run(ctx: JobContext): Promise<Record<string, unknown>>;
    }) {
      counter += 1;
      const jobId = `job-20261122T030000${String(counter).padStart(3, '0')}Z-0000000${counter % 10}`;
      const record: MemoryJob = {
        job_id: jobId,
        kind: spec.kind,
        status: 'running',
        session_id: spec.session_id ?? null,
        prompts: spec.prompts,
        codex_thread_id: null,
        events: [],
        error: null,
        result: null,
      };
      jobs.set(jobId, record);
      const controller = new AbortController();
      const ctx: JobContext = {
        jobId,
        signal: controller.signal,
        log: (event) => emit(jobId, event),
        update: (patch) => Object.assign(record, patch),
        notePrompt: async () => {},
      };
      done.set(
        jobId,
        (async () => {
          await new Promise((resolve) => setImmediate(resolve));
          try {
            record.result = await spec.run(ctx);
            record.status = 'succeeded';
          } catch (error) {
            record.status = 'failed';
            const e = error as { code?: string; message: string };
            record.error = { code: e.code ?? 'internal', message: e.message };
          }
          emit(jobId, { type: 'status', status: record.status });
          return record;
        })(),
      );
      return record;
    },
    wait: (jobId: string) => done.get(jobId)! as Promise<MemoryJob>,
    get(jobId: string, options?: { tail?: number }) {
      const job = jobs.get(jobId);
      if (!job) return null;
      const tail = options?.tail ?? 50;
      return { ...job, events: tail === 0 ? [] : job.events.slice(-tail) };
    },
    subscribe(jobId: string, listener: (event: Record<string, unknown>) => void) {
      const set = listeners.get(jobId) ?? new Set();
      set.add(listener);
      listeners.set(jobId, set);
      return () => set.delete(listener);
    },
    cancel: (_jobId: string) => false,
  };
  return registry satisfies JobSource;
}

/** A repository folder inside a private temp folder (which also holds the default state folder). */
export async function makeTempRepo(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const outside = await mkdtemp(join(tmpdir(), 'server-repo-'));
  const dir = join(outside, 'repo');
  await mkdir(join(dir, '.codex', 'skills'), { recursive: true });
  await writeFile(join(dir, 'AGENTS.md'), '# Agents\n\nRun tests with npm test.\n');
  return { dir, cleanup: () => rm(outside, { recursive: true, force: true }) };
}

/**
 * The session's rollout in the Codex home, written from its transcript (a fork starts from a redacted copy of
 * it): a session metadata line and a response item per entry.
 */
function withRollout(detail: SessionDetail, codexHome: string): SessionDetail {
  const dir = join(codexHome, 'sessions', '2026', '11', '20');
  const path = join(dir, `rollout-2026-11-20T10-00-00-${detail.id}.jsonl`);
  const lines = [
    { type: 'session_meta', payload: { id: detail.id, cwd: detail.metadata.cwd, cli_version: '0.169.0' } },
    ...detail.messages.map((m) => ({
      type: 'response_item',
      payload: { type: 'message', role: m.role, content: [{ type: 'input_text', text: m.content }] },
    })),
  ];
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  return { ...detail, metadata: { ...detail.metadata, path } };
}

/** The real app and orchestrator around fakes. `runCodex` decides what "Codex" answers. */
export function makeTestServer(options: {
  repoRoot: string;
  /** Default: `state` beside the repository (test repositories sit alone in a temp folder). */
  stateDir?: string;
  allowWriteSandbox?: boolean;
  runCodex: RunCodex;
  webRoot?: string | null;
  detail?: SessionDetail;
}) {
  const codexHome = join(dirname(options.repoRoot), 'codex-home');
  const detail = withRollout(options.detail ?? makeSessionDetail(), codexHome);
  const sessions = makeFakeSessions(detail);
  const jobs = makeMemoryJobs();
  const workflows = createOrchestrator({
    repoRoot: options.repoRoot,
    stateDir: options.stateDir ?? join(dirname(options.repoRoot), 'state'),
    codexHome,
    allowWriteSandbox: options.allowWriteSandbox ?? false,
    codexBin: 'codex',
    sessions,
    jobs,
    runCodex: options.runCodex,
  });
  const deps: ServerDeps = {
    token: TOKEN,
    allowedHosts: () => [HOST, 'localhost:4321'],
    webRoot: options.webRoot ?? null,
    sessions,
    jobs,
    workflows,
    status: async () => ({ demo: false, repo_root: options.repoRoot }),
    logError: () => {},
  };
  const app = createApp(deps);
  const request = (path: string, init: RequestInit & { auth?: 'bearer' | 'none' } = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('host')) headers.set('host', HOST);
    if ((init.auth ?? 'bearer') === 'bearer' && !headers.has('authorization'))
      headers.set('authorization', `Bearer ${TOKEN}`);
    return app.request(`http://${HOST}${path}`, { ...init, headers });
  };
  return { app, deps, jobs, sessions, workflows, request };
}

/** What a fake `runCodex` returns: Codex ran as thread `threadId` and answered `answer`. */
export function codexAnswered<T>(
  threadId: string,
  answer: T,
  more: { lastMessage?: string; command?: string[] } = {},
): Awaited<ReturnType<RunCodex>> {
  return {
    threadId,
    answer,
    lastMessage: more.lastMessage ?? '',
    usage: null,
    events: [],
    repaired: false,
    command: more.command ?? ['codex'],
    unparsedLines: 0,
  };
}
