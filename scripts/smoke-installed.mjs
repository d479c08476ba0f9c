#!/usr/bin/env node
// Runs an installed codex-retro (the path of its `codex-retro` executable) the way a user first does, from a
// directory outside any checkout or repository: --version, `sessions list --json` on the real fixture
// rollouts, and `serve` on an empty Codex home (the sample sessions, the web UI and the API). Exits non-zero
// with what differed. Used by .ci/run after `npm pack` and `npm install -g --prefix`.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const bin = process.argv[2];
if (!bin) throw new Error('usage: smoke-installed.mjs PATH/TO/codex-retro');
const root = new URL('..', import.meta.url).pathname;
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

const work = mkdtempSync(join(tmpdir(), 'codex-retro-smoke-'));
const env = {
  ...process.env,
  HOME: join(work, 'home'),
  CODEX_HOME: join(work, 'home', '.codex'),
  XDG_CACHE_HOME: join(work, 'cache'),
  XDG_STATE_HOME: join(work, 'state'),
};
mkdirSync(env.HOME, { recursive: true });

let passed = 0;
function check(ok, what) {
  if (!ok) throw new Error(`smoke: ${what}`);
  passed += 1;
  console.log(`ok - ${what}`);
}

function run(args, options = {}) {
  return execFileSync(bin, args, { cwd: work, env, encoding: 'utf8', ...options });
}

try {
  check(run(['--version']).trim() === `codex-retro ${version}`, `--version prints codex-retro ${version}`);

  const fixtures = join(work, 'fixture-home');
  cpSync(join(root, 'test/fixtures/codex-sessions/0.169.0/sessions'), join(fixtures, 'sessions'), {
    recursive: true,
  });
  const rollouts = readdirSync(join(fixtures, 'sessions/2026/11/22')).length;
  const listed = JSON.parse(run(['sessions', 'list', '--json', '--codex-home', fixtures]));
  check(
    Array.isArray(listed) && listed.length === rollouts && listed.every((s) => s.id && s.title),
    `sessions list --json lists the ${rollouts} fixture sessions`,
  );

  await smokeServe();
  console.log(`smoke: ${passed} passed, 0 failed`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** `serve` with no Codex history and no repository: the labelled samples, the page, the API's pages. */
async function smokeServe() {
  const child = spawn(bin, ['serve', '--port', '0', '--no-open'], { cwd: work, env });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no SERVE_URL in 60 s: ${stderr}`)), 60_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('SERVE_URL=')) {
          clearTimeout(timer);
          resolve(new URL(line.slice('SERVE_URL='.length)));
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    const base = `${url.protocol}//${url.host}`;
    const headers = { authorization: `Bearer ${url.searchParams.get('token')}` };
    const page = await fetch(`${base}/`, { headers });
    const html = await page.text();
    check(page.status === 200 && /<script[^>]+src="\/assets\//.test(html), 'serve answers with the web UI');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    check((await fetch(`${base}${script}`, { headers })).status === 200, 'serve answers with its script');
    const status = await (await fetch(`${base}/codex/status`, { headers })).json();
    check(
      status.demo === true && status.repo_root === null,
      'an empty Codex home shows the samples, no repo',
    );
    check(/sample sessions/.test(stderr), 'serve says it shows the sample sessions');
    const list = await (await fetch(`${base}/codex/sessions?limit=3`, { headers })).json();
    check(
      list.items.length === 3 && list.total >= 8 && typeof list.next === 'string',
      `GET /codex/sessions pages the ${list.total} samples`,
    );
    const transcript = await (
      await fetch(`${base}/codex/sessions/${list.items[0].id.slice(-12)}`, { headers })
    ).json();
    check(transcript.messages.length > 0, 'a sample transcript opens by its short id');
  } finally {
    child.kill('SIGTERM');
  }
}
