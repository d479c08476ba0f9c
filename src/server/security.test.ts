import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOST,
  makeTempRepo,
  makeTestServer,
  ORIGIN,
  SECRET,
  SESSION_ID,
  TOKEN,
} from '../../test/helpers/server.js';
import type { RunCodex } from '../workflows/deps.js';

const neverRuns: RunCodex = async () => {
  throw new Error('not expected in this test');
};

describe('server security', () => {
  let repo: Awaited<ReturnType<typeof makeTempRepo>>;
  let web: string;
  let server: ReturnType<typeof makeTestServer>;

  beforeAll(async () => {
    repo = await makeTempRepo();
    web = await mkdtemp(join(tmpdir(), 'web-'));
    await mkdir(join(web, 'assets'));
    await writeFile(join(web, 'index.html'), '<!doctype html><title>codex-retro</title>');
    await writeFile(join(web, 'assets', 'app-1.js'), 'console.log(1)');
    await writeFile(join(tmpdir(), 'outside-web.txt'), 'outside');
    server = makeTestServer({ repoRoot: repo.dir, runCodex: neverRuns, webRoot: web });
  });
  afterAll(async () => {
    await repo.cleanup();
    await rm(web, { recursive: true, force: true });
  });

  it('refuses a request without a token or with a wrong one (API and static files alike)', async () => {
    for (const path of ['/codex/sessions', '/', '/assets/app-1.js', '/codex/status']) {
      const missing = await server.request(path, { auth: 'none' });
      expect(missing.status, path).toBe(401);
      expect(await missing.json()).toMatchObject({ code: 'unauthorized' });
      const wrong = await server.request(path, { headers: { authorization: `Bearer ${'0'.repeat(64)}` } });
      expect(wrong.status, path).toBe(401);
    }
    const wrongCookie = await server.request('/codex/sessions', {
      auth: 'none',
      headers: { cookie: 'codex_retro_token_4321=nope' },
    });
    expect(wrongCookie.status).toBe(401);
    const wrongQuery = await server.request('/?token=nope', { auth: 'none' });
    expect(wrongQuery.status).toBe(401);
  });

  it('turns ?token= into an httpOnly SameSite=Strict cookie and redirects to the address without it', async () => {
    const first = await server.request(`/s/${SESSION_ID}?token=${TOKEN}&x=1`, { auth: 'none' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(`/s/${SESSION_ID}?x=1`);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/codex_retro_token_4321=f{64}/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);

    const page = await server.request(`/s/${SESSION_ID}`, {
      auth: 'none',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<title>codex-retro</title>');
    // A proposal's review has its own address, which is the app too.
    const review = await server.request(`/s/${SESSION_ID}/p/prop-20261122T030000000Z-0a0b0c0d`, {
      auth: 'none',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(await review.text()).toContain('<title>codex-retro</title>');
    const api = await server.request('/codex/sessions', {
      auth: 'none',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(api.status).toBe(200);
  });

  it('refuses a foreign Host (DNS rebinding) even with the right token', async () => {
    for (const host of ['evil.test', 'evil.test:4321', '127.0.0.1:9999', '127.0.0.1']) {
      const res = await server.request('/codex/sessions', { headers: { host } });
      expect(res.status, host).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'forbidden_host' });
    }
    expect((await server.request('/codex/sessions', { headers: { host: 'localhost:4321' } })).status).toBe(
      200,
    );
  });

  it('refuses a foreign Origin, and a cookie-only POST without Origin (CSRF)', async () => {
    const cookie = `codex_retro_token_4321=${TOKEN}`;
    const foreign = await server.request('/codex/sessions', { headers: { origin: 'http://evil.test' } });
    expect(foreign.status).toBe(403);
    const body = JSON.stringify({ confirm: true });
    const json = { 'content-type': 'application/json' };
    const crossSite = await server.request('/codex/proposals/prop-20261122T030000000Z-0a0b0c0d/apply', {
      method: 'POST',
      auth: 'none',
      body,
      headers: { ...json, cookie, origin: 'http://evil.test' },
    });
    expect(crossSite.status).toBe(403);
    const noOrigin = await server.request('/codex/proposals/prop-20261122T030000000Z-0a0b0c0d/apply', {
      method: 'POST',
      auth: 'none',
      body,
      headers: { ...json, cookie },
    });
    expect(noOrigin.status).toBe(403);
    const sameOrigin = await server.request('/codex/proposals/prop-20261122T030000000Z-0a0b0c0d/apply', {
      method: 'POST',
      auth: 'none',
      body,
      headers: { ...json, cookie, origin: ORIGIN },
    });
    // Past the guards: the proposal simply does not exist.
    expect(sameOrigin.status).toBe(404);
  });

  it('answers 400 to a traversal or malformed id in every id parameter, before touching a path', async () => {
    const bad = [
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e%2f%2e%2e%2fetc',
      '..%252f..%252f',
      'a'.repeat(300),
      `${SESSION_ID}%00`,
    ];
    const routes = [
      (id: string) => ['GET', `/codex/sessions/${id}`],
      (id: string) => ['GET', `/codex/jobs/${id}`],
      (id: string) => ['GET', `/codex/jobs/${id}/events`],
      (id: string) => ['POST', `/codex/jobs/${id}/cancel`],
      (id: string) => ['GET', `/codex/insights/${id}`],
      (id: string) => ['GET', `/codex/insights/artifacts/${id}`],
      (id: string) => ['GET', `/codex/proposals/${id}`],
      (id: string) => ['POST', `/codex/proposals/${id}/apply`],
      (id: string) => ['POST', `/codex/proposals/${id}/revert`],
      (id: string) => ['GET', `/codex/proposals?session_id=${id}`],
    ] as const;
    for (const route of routes) {
      for (const id of bad) {
        const [method, path] = route(id) as [string, string];
        const res = await server.request(path, {
          method,
          ...(method === 'POST'
            ? { body: '{"confirm":true}', headers: { 'content-type': 'application/json' } }
            : {}),
        });
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(await res.json()).toMatchObject({ code: 'invalid_id' });
      }
    }
    for (const field of ['session_id', 'insight_artifact_id']) {
      const body = {
        session_id: SESSION_ID,
        insight_artifact_id: `${SESSION_ID}~20261122T030000000Z`,
        [field]: '../../x',
      };
      const res = await server.request('/codex/proposals/run', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
    }
  });

  it('never serves a file outside the web root', async () => {
    for (const path of [
      '/..%2foutside-web.txt',
      '/assets/..%2f..%2foutside-web.txt',
      '/%2e%2e/outside-web.txt',
    ]) {
      const res = await server.request(path);
      expect(res.status, path).toBe(404);
    }
    const asset = await server.request('/assets/app-1.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
  });

  it('limits and validates request bodies', async () => {
    const post = (body: string, type = 'application/json') =>
      server.request('/codex/insights/run', { method: 'POST', body, headers: { 'content-type': type } });
    const huge = await post(JSON.stringify({ session_id: SESSION_ID, prompt: 'x'.repeat(70 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'body_too_large' });
    expect((await post('{"session_id":')).status).toBe(400);
    const wrongMode = await post(JSON.stringify({ session_id: SESSION_ID, mode: 'rewrite' }));
    expect(wrongMode.status).toBe(400);
    expect((await wrongMode.json()).message).toMatch(/^mode:/);
    const fullAccess = await post(JSON.stringify({ session_id: SESSION_ID, sandbox: 'danger-full-access' }));
    expect(fullAccess.status).toBe(400);
    // Above read-only only when serve was started with --allow-write-sandbox; approval other than never is
    // not what codex exec does, so it is refused rather than recorded.
    const write = await post(
      JSON.stringify({ session_id: SESSION_ID, sandbox: 'workspace-write', approval: 'never' }),
    );
    expect([write.status, (await write.json()).code]).toEqual([403, 'sandbox_not_allowed']);
    const onRequest = await post(JSON.stringify({ session_id: SESSION_ID, approval: 'on-request' }));
    expect([onRequest.status, (await onRequest.json()).code]).toEqual([400, 'approval_not_supported']);
    const proposal = await server.request('/codex/proposals/run', {
      method: 'POST',
      body: JSON.stringify({
        session_id: SESSION_ID,
        insight_artifact_id: `${SESSION_ID}~20261122T031500123Z`,
        sandbox: 'workspace-write',
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect([proposal.status, (await proposal.json()).code]).toEqual([403, 'sandbox_not_allowed']);
    expect((await post('session_id=x', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('sets security headers on pages, API answers and errors', async () => {
    for (const res of [
      await server.request('/'),
      await server.request('/codex/status'),
      await server.request('/codex/nope', { auth: 'none' }),
    ]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('redacts secrets from session listings and transcripts', async () => {
    const list = await server.request('/codex/sessions');
    const detail = await server.request(`/codex/sessions/${SESSION_ID}`);
    for (const text of [await list.text(), await detail.text()]) {
      expect(text).not.toContain(SECRET);
      expect(text).toContain('[REDACTED:');
    }
  });

  it('maps unknown failures to a generic 500 without a stack trace', async () => {
    const failing = makeTestServer({ repoRoot: repo.dir, runCodex: neverRuns });
    failing.deps.status = async () => {
      throw new Error(`boom at /home/someone/.codex/auth.json ${SECRET}`);
    };
    const { createApp } = await import('./app.js');
    const app = createApp(failing.deps);
    const res = await app.request(`http://${HOST}/codex/status`, {
      headers: { host: HOST, authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ code: 'internal', message: expect.any(String) });
    expect(text).not.toContain('boom');
    expect(text).not.toContain('auth.json');
  });
});
