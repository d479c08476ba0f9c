import { type ChildProcess, spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import { makeGitRepo } from '../../test/helpers/git-repo.js';
import { type ModelServer, startModelServer } from '../../test/helpers/model-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'codex-retro.js');
const FIXTURE_SESSIONS = join(ROOT, 'test/fixtures/codex-sessions/0.169.0/sessions');
const SEEDED = '01a2011f-c28d-7c22-ab00-bfd1d62f6b7e';
const SEEDED_FILE =
  'sessions/2026/11/22/rollout-2026-11-22T02-39-48-01a2011f-c28d-7c22-ab00-bfd1d62f6b7e.jsonl';
const TRANSCRIPT_SECRET = `ghp_${'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9'}`;
const ENV_SECRET = `sk-proj-${'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8'}`;

interface Served {
  child: ChildProcess;
  url: URL;
  base: string;
  stderr: string[];
}

async function startServe(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--no-open', ...args], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no SERVE_URL; stderr: ${stderr.join('')}`)), 30_000);
    lines.on('line', (line) => {
      if (line.startsWith('SERVE_URL=')) {
        clearTimeout(timer);
        resolve(line.slice('SERVE_URL='.length));
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr.join('')}`)));
  });
  const parsed = new URL(url);
  return { child, url: parsed, base: `${parsed.protocol}//${parsed.host}`, stderr };
}

async function stopServe(served: Served | undefined): Promise<number | null> {
  if (!served || served.child.exitCode !== null) return served?.child.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => served.child.once('exit', (code) => resolve(code)));
  served.child.kill('SIGTERM');
  return exited;
}

/** A raw request, so the Host header is exactly what a DNS-rebinding page would send. */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('codex-retro serve (spawned for real)', () => {
  let model: ModelServer;
  let home: TempCodexHome;
  let repo: Awaited<ReturnType<typeof makeGitRepo>>;
  let temp: string;
  let env: NodeJS.ProcessEnv;
  let served: Served;

  beforeAll(async () => {
    model = await startModelServer(() => ({ kind: 'message', text: 'ok' }));
    home = await makeCodexHome({ modelServerUrl: model.url, copySessionsFrom: FIXTURE_SESSIONS });
    const line = {
      timestamp: '2026-11-22T02:39:49.500Z',
      type: 'response_item',
      payload: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: `deploy with GITHUB_TOKEN=${TRANSCRIPT_SECRET} please` }],
      },
    };
    await appendFile(join(home.dir, SEEDED_FILE), `${JSON.stringify(line)}\n`);
    repo = await makeGitRepo({ 'AGENTS.md': '# Agents\n' });
    temp = await mkdtemp(join(tmpdir(), 'serve-e2e-'));
    env = {
      ...home.env,
      CODEX_RETRO_STATE_DIR: join(temp, 'state'),
      CODEX_RETRO_CACHE_DIR: join(temp, 'cache'),
      OPENAI_API_KEY: ENV_SECRET,
    };
    served = await startServe(
      ['--repo', repo.dir, '--codex-home', home.dir, '--codex-bin', home.codexBin],
      env,
    );
  });

  afterAll(async () => {
    await stopServe(served);
    await model?.close();
    await home?.cleanup();
    await repo?.cleanup();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('prints SERVE_URL with a real port and a 64-hex token, on 127.0.0.1', () => {
    expect(served.url.hostname).toBe('127.0.0.1');
    expect(Number(served.url.port)).toBeGreaterThan(0);
    expect(served.url.searchParams.get('token')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('trades the token in the address for an httpOnly cookie, then serves the page and the API', async () => {
    const first = await fetch(served.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0]!;

    const page = await fetch(`${served.base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");

    const sessions = await fetch(`${served.base}/codex/sessions`, { headers: { cookie } });
    expect(sessions.status).toBe(200);
    expect(Number(sessions.headers.get('x-total-count'))).toBeGreaterThan(5);
    const rows = ((await sessions.json()) as { items: { id: string }[] }).items;
    expect(rows.map((r) => r.id)).toContain(SEEDED);

    expect((await fetch(`${served.base}/codex/sessions`)).status).toBe(401);
    expect(
      (await fetch(`${served.base}/codex/sessions`, { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${served.base}/codex/sessions`, { headers: { cookie, origin: 'http://evil.test' } }))
        .status,
    ).toBe(403);
    expect(
      await rawGet(served.base, '/codex/sessions', { host: `evil.test:${served.url.port}`, cookie }),
    ).toBe(403);
    expect(
      await rawGet(served.base, '/codex/sessions', { host: `localhost:${served.url.port}`, cookie }),
    ).toBe(200);
  });

  it('never sends a secret from a transcript or the environment', async () => {
    const headers = { authorization: `Bearer ${served.url.searchParams.get('token')}` };
    const bodies: string[] = [];
    for (const path of [
      '/codex/status',
      '/codex/sessions',
      `/codex/sessions?search=${encodeURIComponent('deploy')}`,
      `/codex/sessions/${SEEDED}`,
      '/codex/insights/default-prompt',
      `/codex/insights/${SEEDED}`,
      '/codex/proposals',
      '/codex/nothing-here',
      `/codex/sessions/${SEEDED}/../../../etc/passwd`,
    ]) {
      const res = await fetch(`${served.base}${path}`, { headers });
      bodies.push(await res.text());
    }
    const all = bodies.join('\n');
    expect(all).toContain('deploy with GITHUB_TOKEN=');
    expect(all).not.toContain(TRANSCRIPT_SECRET);
    expect(all).not.toContain(ENV_SECRET);
    expect(all).not.toContain('MOCK_API_KEY');
    const status = JSON.parse(bodies[0]!);
    expect(status).toMatchObject({
      repo_root: repo.dir,
      demo: false,
      codex: { found: true, version: '0.169.0' },
    });
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await stopServe(served)).toBe(0);
  });

  it('falls back to the shipped sample sessions when the Codex home has none, and says so', async () => {
    const empty = join(temp, 'empty-home');
    await mkdir(empty, { recursive: true });
    const demo = await startServe(
      ['--repo', repo.dir, '--codex-home', empty, '--token', 'demo-token-0123456789'],
      {
        ...env,
        CODEX_RETRO_STATE_DIR: join(temp, 'demo-state'),
      },
    );
    try {
      const headers = { authorization: 'Bearer demo-token-0123456789' };
      const status = await (await fetch(`${demo.base}/codex/status`, { headers })).json();
      expect(status.demo).toBe(true);
      const sessions = (await (await fetch(`${demo.base}/codex/sessions`, { headers })).json()) as {
        items: unknown[];
        home_total: number;
      };
      expect(sessions.items.length).toBeGreaterThan(5);
      expect(sessions.home_total).toBe(sessions.items.length);
      expect(demo.stderr.join('')).toContain(
        `No Codex sessions found in ${empty}: showing the sample sessions`,
      );
      expect(demo.url.searchParams.get('token')).toBe('demo-token-0123456789');
    } finally {
      await stopServe(demo);
    }
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe('# Agents\n');
  });

  it('browses without a repository (outside one, or --no-repo) and says which one the workflows need', async () => {
    const outside = join(temp, 'not-a-repo');
    await mkdir(outside, { recursive: true });
    for (const [args, cwd] of [
      [[], outside],
      [['--no-repo'], repo.dir],
    ] as const) {
      const browse = await startServe(
        [
          ...args,
          '--codex-home',
          home.dir,
          '--codex-bin',
          home.codexBin,
          '--token',
          'browse-token-0123456789',
        ],
        env,
        cwd,
      );
      try {
        const headers = {
          authorization: 'Bearer browse-token-0123456789',
          'content-type': 'application/json',
        };
        expect(browse.stderr.join('')).toMatch(/browsing Codex home .* with no repository: .*--repo DIR/);
        const status = await (await fetch(`${browse.base}/codex/status`, { headers })).json();
        expect(status).toMatchObject({ repo_root: null, demo: false });
        const list = await (await fetch(`${browse.base}/codex/sessions?limit=5`, { headers })).json();
        expect(list.items).toHaveLength(5);
        const run = await fetch(`${browse.base}/codex/insights/run`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ session_id: SEEDED.slice(-12) }),
        });
        expect(run.status).toBe(409);
        expect(await run.json()).toMatchObject({ code: 'no_repo' });
      } finally {
        await stopServe(browse);
      }
    }
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe('# Agents\n');
  });
});
