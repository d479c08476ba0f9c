import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import { makeGitRepo } from '../../test/helpers/git-repo.js';
import { type ModelServer, startModelServer } from '../../test/helpers/model-server.js';
import { answerFor, answerReportRequest, isFacetRequest } from '../../test/helpers/report/report-cli.js';
import { runCli } from '../../test/helpers/store-home.js';
import { createApp } from '../server/app.js';
import { openWorkspace, type Workspace } from '../workflows/workspace.js';

/**
 * Every way a transcript leaves codex-retro, on hand-made rollouts holding every kind of credential
 * (test/fixtures/redaction/codex-home, one of 0.169 and one of 0.40; the list of what they hold is
 * surface-secrets.json): the CLI, search, the index cache on disk, the API, a job run through the real
 * `codex` CLI against the project's model server, and the report. No secret may come out of any of them.
 */
const FIXTURE = fileURLToPath(new URL('../../test/fixtures/redaction/', import.meta.url));
const manifest = JSON.parse(await readFile(join(FIXTURE, 'surface-secrets.json'), 'utf8')) as {
  sessions: { codex_0_169: string; codex_0_40: string };
  secrets: Record<string, string>;
};
const SECRETS = Object.entries(manifest.secrets);
const SESSIONS = [manifest.sessions.codex_0_169, manifest.sessions.codex_0_40];
const TOKEN = 'surfaces-token-0123456789abcdef';
const HOST = '127.0.0.1:5998';

/** Any 10 characters in a row of a longer secret: a span that masked only part of it leaves the rest readable. */
const WINDOW = 10;
const WINDOWS = new Map(
  SECRETS.filter(([, value]) => value.length >= 16).flatMap(([name, value]) =>
    Array.from({ length: value.length - WINDOW + 1 }, (_, i) => [value.slice(i, i + WINDOW), name] as const),
  ),
);

/** The names of the secrets `text` holds: whole, JSON-escaped, or any piece of ten characters of a longer one. */
function findLeaks(text: string): string[] {
  const names = new Set<string>();
  for (const [name, value] of SECRETS) {
    if (text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))) names.add(name);
  }
  for (let i = 0; i + WINDOW <= text.length; i++) {
    const name = WINDOWS.get(text.slice(i, i + WINDOW));
    if (name) names.add(name);
  }
  return [...names].sort();
}

async function readTree(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path, bytes: await readFile(path) };
      }),
  );
}

/** What the scripted model answers: insights and a report that quote secrets back, as a model might. */
const QUOTED = `docker login -p ${manifest.secrets.docker_password} and mysql -p${manifest.secrets.mysql_password}`;

describe('redaction on every surface', () => {
  let model: ModelServer;
  let home: TempCodexHome;
  let repo: Awaited<ReturnType<typeof makeGitRepo>>;
  let temp: string;
  let env: NodeJS.ProcessEnv;
  let workspace: Workspace;
  let app: Hono;

  const call = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await app.request(`http://${HOST}${path}`, {
      method: init.method ?? 'GET',
      headers: { host: HOST, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    model = await startModelServer((request) => {
      if (!request.hasSchema) return { kind: 'message', text: 'ok' };
      if (isFacetRequest(request)) {
        const reply = answerReportRequest(request);
        const facets = (reply as { value: { sessions: { goal: string }[] } }).value;
        for (const session of facets.sessions) session.goal = `Log in with ${QUOTED}`;
        return reply;
      }
      if (request.userText.includes('# Codex usage insight report')) {
        const answer = answerFor(request.userText);
        answer.at_a_glance.summary = `You logged in with ${QUOTED}.`;
        return { kind: 'json', value: answer };
      }
      return {
        kind: 'json',
        value: {
          goal: 'Fix the deploy login',
          outcome: { status: 'partly_achieved', summary: `Docker worked; ${QUOTED} did not.` },
          what_worked: [{ point: 'The docker login', evidence: [{ quote: QUOTED, entry: null }] }],
          friction: [],
          recommendations: [{ title: 'Use a secret store', detail: QUOTED, target: 'agents_md' }],
        },
      };
    });
    home = await makeCodexHome({
      modelServerUrl: model.url,
      copySessionsFrom: join(FIXTURE, 'codex-home/sessions'),
    });
    await copyFile(join(FIXTURE, 'codex-home/session_index.jsonl'), join(home.dir, 'session_index.jsonl'));
    repo = await makeGitRepo({ 'AGENTS.md': '# Agents\n\nRun npm test.\n' });
    temp = await mkdtemp(join(tmpdir(), 'redact-surfaces-'));
    env = {
      ...home.env,
      CODEX_HOME: home.dir,
      CODEX_RETRO_STATE_DIR: join(temp, 'state'),
      CODEX_RETRO_CACHE_DIR: join(temp, 'cache'),
      TZ: 'UTC',
    };
    workspace = await openWorkspace({
      repo: repo.dir,
      cwd: repo.dir,
      env,
      codexHome: home.dir,
      codexBin: home.codexBin,
    });
    app = createApp({
      token: TOKEN,
      allowedHosts: () => [HOST],
      webRoot: null,
      sessions: workspace.sessions,
      jobs: workspace.jobs,
      workflows: workspace.orchestrator,
      status: async () => ({}),
    });
  });

  afterAll(async () => {
    workspace?.close();
    await model?.close();
    await home?.cleanup();
    await repo?.cleanup();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('sessions show prints no secret, as text or as JSON, and marks each kind it masked', async () => {
    const shown: string[] = [];
    for (const id of SESSIONS) {
      for (const format of [[], ['--json']]) {
        const run = await runCli(['sessions', 'show', id, ...format], env);
        expect(run.code, run.stderr).toBe(0);
        expect(findLeaks(run.stdout + run.stderr), `${id} ${format}`).toEqual([]);
        shown.push(run.stdout);
      }
    }
    const kinds = new Set(shown.join('\n').match(/\[REDACTED:[a-z_]+\]/g));
    // Every kind the fixtures hold comes out masked under its own name.
    expect([...kinds].sort()).toEqual(
      [
        'anthropic_key',
        'authorization',
        'aws_access_key_id',
        'aws_secret_key',
        'azure_key',
        'bearer_token',
        'digitalocean_token',
        'docker_hub_token',
        'github_token',
        'gitlab_token',
        'google_api_key',
        'google_oauth_secret',
        'google_oauth_token',
        'huggingface_token',
        'jwt',
        'npm_token',
        'openai_key',
        'password',
        'private_key',
        'pypi_token',
        'secret',
        'sendgrid_key',
        'shopify_token',
        'slack_token',
        'slack_webhook',
        'stripe_key',
        'twilio_account',
        'twilio_key',
        'url_password',
        'webhook_secret',
      ].map((kind) => `[REDACTED:${kind}]`),
    );
  });

  it('sessions list --search shows snippets without secrets, and a secret itself finds nothing', async () => {
    for (const word of ['docker', 'mysql', 'Twilio', 'password', 'uploaded', 'deploy']) {
      const run = await runCli(['sessions', 'list', '--search', word, '--json'], env);
      expect(run.code, run.stderr).toBe(0);
      const listed = JSON.parse(run.stdout) as { snippet?: string }[];
      expect(listed.length, word).toBeGreaterThan(0);
      expect(findLeaks(run.stdout), word).toEqual([]);
      const text = await runCli(['sessions', 'list', '--search', word], env);
      expect(findLeaks(text.stdout), word).toEqual([]);
    }
    for (const [name, value] of SECRETS) {
      const res = await call(`/codex/sessions?search=${encodeURIComponent(value)}`);
      expect(res.status, name).toBe(200);
      expect(JSON.parse(res.text).items, name).toEqual([]);
    }
  });

  it('the index cache on disk holds no secret', async () => {
    const files = await readTree(join(temp, 'cache'));
    expect(files.some((f) => f.path.endsWith('.db') || f.path.endsWith('.sqlite'))).toBe(true);
    for (const file of files) expect(findLeaks(file.bytes.toString('latin1')), file.path).toEqual([]);
    // UTF-8 text reads the same in latin1 for these ASCII secrets; the search text is really in there.
    expect(files.some((f) => f.bytes.includes('[REDACTED:password]'))).toBe(true);
  });

  it('the API serves sessions and search results without secrets', async () => {
    for (const id of SESSIONS) {
      const res = await call(`/codex/sessions/${id}`);
      expect(res.status).toBe(200);
      expect(findLeaks(res.text), id).toEqual([]);
      expect(res.text).toContain('[REDACTED:');
    }
    const listed = await call('/codex/sessions?search=login');
    expect(findLeaks(listed.text)).toEqual([]);
  });

  it('an insights run (a fork) sends Codex no secret, and its record, log and artifact hold none', async () => {
    const before = model.requests.length;
    const rollouts = await readTree(join(home.dir, 'sessions'));
    const started = await call('/codex/insights/run', { method: 'POST', body: { session_id: SESSIONS[0] } });
    expect(started.status, started.text).toBe(202);
    const { job_id, mode } = JSON.parse(started.text) as { job_id: string; mode: string };
    expect(mode).toBe('fork');
    const record = await workspace.jobs.wait(job_id);
    expect(record.status, JSON.stringify(record.error)).toBe('succeeded');

    // Everything Codex sent its model: the forked history (of a redacted copy) as much as the prompt.
    const sent = model.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) expect(findLeaks(JSON.stringify(request.body))).toEqual([]);
    // The session's own messages did reach the model, masked: it is a fork of the session, not a new one.
    expect(sent.some((r) => JSON.stringify(r.body).includes('[REDACTED:'))).toBe(true);
    // The person's rollouts are as they were; besides them only the fork Codex wrote (the copy is gone).
    const after = await readTree(join(home.dir, 'sessions'));
    for (const file of rollouts) {
      expect(after.find((f) => f.path === file.path)?.bytes.equals(file.bytes), file.path).toBe(true);
    }
    expect(after.length).toBe(rollouts.length + 1);
    const fork = after.find((f) => !rollouts.some((r) => r.path === f.path));
    expect(fork?.path).toContain(record.codex_thread_id as string);
    // Shown as a fork of the person's session, not of the copy that is gone.
    const shown = await call(`/codex/sessions/${record.codex_thread_id}`);
    expect(shown.status, shown.text).toBe(200);
    expect(JSON.parse(shown.text).metadata.forked_from_id).toBe(SESSIONS[0]);

    // What codex-retro wrote into the request: the prompt with the transcript digest.
    const asked = model.requests.filter(
      (r) => r.hasSchema && r.userText.includes('Look back at this Codex session'),
    );
    expect(asked.length).toBeGreaterThan(0);
    for (const request of asked) {
      expect(findLeaks(request.userText)).toEqual([]);
      expect(request.userText).toContain('[REDACTED:password]');
    }

    for (const path of [
      `/codex/jobs/${job_id}`,
      `/codex/jobs/${job_id}/events`,
      `/codex/insights/${SESSIONS[0]}`,
    ]) {
      const res = await call(path);
      expect(res.status, path).toBe(200);
      expect(findLeaks(res.text), path).toEqual([]);
    }
    const written = [
      ...(await readTree(join(repo.dir, '.codex-orchestrator'))),
      ...(await readTree(join(temp, 'state'))),
    ];
    expect(written.some((f) => f.path.includes(`${job_id}.json`))).toBe(true);
    for (const file of written) expect(findLeaks(file.bytes.toString('utf8')), file.path).toEqual([]);
    const artifact = written.find((f) => f.path.endsWith('.md') && f.path.includes('insights'));
    expect(artifact?.bytes.toString('utf8')).toContain('[REDACTED:password]');
  });

  it('the report sends Codex redacted evidence and writes no secret to its bundle, prompt or page', async () => {
    const before = model.requests.length;
    const run = await runCli(
      ['report', '--since', '2026-11-23', '--until', '2026-11-23', '--no-open', '--codex-bin', home.codexBin],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const requests = model.requests.slice(before);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) expect(findLeaks(JSON.stringify(request.body))).toEqual([]);

    const usage = join(home.dir, 'usage-data');
    const files = Object.fromEntries(
      await Promise.all(
        ['insight-evidence.json', 'INSIGHT_PROMPT.md', 'report.html'].map(
          async (name) => [name, await readFile(join(usage, name), 'utf8')] as const,
        ),
      ),
    );
    for (const [name, text] of Object.entries(files)) expect(findLeaks(text), name).toEqual([]);
    for (const name of await readdir(join(usage, 'facets'))) {
      expect(findLeaks(await readFile(join(usage, 'facets', name), 'utf8')), name).toEqual([]);
    }
    const evidence = JSON.parse(files['insight-evidence.json']!) as { sessions: { id: string }[] };
    expect(evidence.sessions.map((s) => s.id).sort()).toEqual([...SESSIONS].sort());
    expect(files['insight-evidence.json']).toContain('[REDACTED:');
    // The page masks what the answer quoted.
    expect(files['report.html']).toContain('[REDACTED:password]');
  });
});
