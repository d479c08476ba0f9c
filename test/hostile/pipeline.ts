import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { createApp } from '../../src/server/app.js';
import { openWorkspace, type Workspace } from '../../src/workflows/workspace.js';
import { makeCodexHome, type TempCodexHome } from '../helpers/codex-home.js';
import { makeGitRepo } from '../helpers/git-repo.js';
import { type ModelServer, startModelServer } from '../helpers/model-server.js';
import { runCliIn } from '../helpers/run-cli.js';
import { SESSION_ID } from './case-repo.js';

/**
 * The real parts every case goes through: the pinned `codex` CLI answering from the project's model server,
 * the built `codex-retro` CLI, and the HTTP API as `serve` builds it, all sharing one state directory.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE_SESSIONS = join(ROOT, 'test/fixtures/codex-sessions/0.169.0/sessions');
const TOKEN = 'hostile-suite-token-0123456789abcdef';
const HOST = '127.0.0.1:5998';

const INSIGHT = {
  goal: 'Walk through a three-turn session',
  outcome: { status: 'achieved', summary: 'Every turn was answered.' },
  what_worked: [{ point: 'Short prompts', evidence: [{ quote: 'ok', entry: null }] }],
  friction: [],
  recommendations: [{ title: 'Say how to test', detail: 'Add a line to AGENTS.md', target: 'agents_md' }],
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: an answer the assertions inspect freely
  body: any;
}

/** One repository's API, wired as `serve` wires it. */
export interface RepoApi {
  workspace: Workspace;
  call(path: string, method?: 'GET' | 'POST', body?: unknown): Promise<ApiResult>;
  close(): void;
}

export interface Suite {
  env: Record<string, string>;
  insightId: string;
  /** `.codex-orchestrator/insights` of a repository where `insights run` wrote the artifact. */
  insightsDir: string;
  openApi(repoDir: string): Promise<RepoApi>;
  /** Codex answers `diff` to the proposal run; returns the job's final record and the proposal id. */
  generate(api: RepoApi, diff: string): Promise<{ status: string; error: unknown; proposalId: string }>;
  cli(args: string[], cwd: string): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startSuite(): Promise<Suite> {
  const answers = new Map<string, string>();
  let counter = 0;
  const model: ModelServer = await startModelServer((request) => {
    if (!request.hasSchema) return { kind: 'message', text: 'ok' };
    if (!request.userText.includes('Improve the instructions this repository gives Codex'))
      return { kind: 'json', value: INSIGHT };
    const token = /Hostile case ([\w.-]+#\d+)/.exec(request.userText)?.[1] ?? '';
    const diff = answers.get(token);
    if (diff === undefined) return { kind: 'http_error', status: 400, message: `no answer for "${token}"` };
    // A hostile model also lies about what it touches.
    return {
      kind: 'json',
      value: { diff, summary: 'Say how to run the tests.', files_touched: ['AGENTS.md'], safety_notes: [] },
    };
  });
  const home: TempCodexHome = await makeCodexHome({
    modelServerUrl: model.url,
    copySessionsFrom: FIXTURE_SESSIONS,
  });
  const temp = mkdtempSync(join(tmpdir(), 'retro-hostile-state-'));
  const env = {
    ...home.env,
    XDG_STATE_HOME: join(temp, 'state'),
    CODEX_RETRO_STATE_DIR: join(temp, 'state', 'codex-retro'),
    CODEX_RETRO_CACHE_DIR: join(temp, 'cache'),
  };

  const openApi = async (repoDir: string): Promise<RepoApi> => {
    const workspace = await openWorkspace({
      repo: repoDir,
      cwd: repoDir,
      env,
      codexHome: home.dir,
      codexBin: home.codexBin,
    });
    const app: Hono = createApp({
      token: TOKEN,
      allowedHosts: () => [HOST],
      webRoot: null,
      sessions: workspace.sessions,
      jobs: workspace.jobs,
      workflows: workspace.orchestrator,
      status: async () => ({}),
      logError: () => {},
    });
    const call = async (path: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<ApiResult> => {
      const res = await app.request(`http://${HOST}${path}`, {
        method,
        headers: { host: HOST, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, body: parsed };
    };
    return { workspace, call, close: () => workspace.close() };
  };

  const generate: Suite['generate'] = async (api, diff) => {
    counter++;
    const token = `answer#${counter}`;
    answers.set(token, diff);
    const started = await api.call('/codex/proposals/run', 'POST', {
      session_id: SESSION_ID,
      insight_artifact_id: insightId,
      prompt: `Hostile case ${token}.`,
    });
    if (started.status !== 202)
      throw new Error(`proposals/run answered ${started.status}: ${JSON.stringify(started.body)}`);
    const record = await api.workspace.jobs.wait(started.body.job_id);
    return { status: record.status, error: record.error, proposalId: started.body.proposal_id };
  };

  const cli = (args: string[], cwd: string): Promise<CliResult> => runCliIn(args, env, cwd);

  // Insights once: every case repository gets a copy of this artifact, which its proposal run names.
  const template = makeGitRepo({ 'AGENTS.md': '# Agents\n' });
  const close = async () => {
    await model.close();
    await home.cleanup();
    template.cleanup();
    rmSync(temp, { recursive: true, force: true });
  };
  let insightId: string;
  try {
    const templateApi = await openApi(template.dir);
    const started = await templateApi.call('/codex/insights/run', 'POST', { session_id: SESSION_ID });
    const record = await templateApi.workspace.jobs.wait(started.body.job_id);
    templateApi.close();
    if (record.status !== 'succeeded')
      throw new Error(`insights run ended ${record.status}: ${JSON.stringify(record.error)}`);
    insightId = started.body.insight_artifact_id;
  } catch (error) {
    // A suite that cannot start leaves nothing behind: no model server, no Codex home, no state folder.
    await close();
    throw error;
  }

  return {
    env,
    insightId,
    insightsDir: join(template.dir, '.codex-orchestrator', 'insights'),
    openApi,
    generate,
    cli,
    close,
  };
}
