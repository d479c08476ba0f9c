import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { makeCodexHome, type TempCodexHome } from '../helpers/codex-home.js';
import { type GitRepo, makeGitRepo } from '../helpers/git-repo.js';
import {
  type ModelReply,
  type ModelRequest,
  type ModelServer,
  startModelServer,
} from '../helpers/model-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE_SESSIONS = join(ROOT, 'test/fixtures/codex-sessions/0.169.0/sessions');
const SHOTS = join(ROOT, 'test-artifacts', 'ui');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds the UI into dist/web unless the build is newer than every source file of web/. */
export async function ensureWebBuilt(): Promise<void> {
  const built = await stat(join(ROOT, 'dist/web/index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  if (built > (await newestMtime(join(ROOT, 'web')))) return;
  // vitest sets NODE_ENV=test, which would make Vite bundle React's slow development build.
  execFileSync('npm', ['run', 'build:web'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface Served {
  child: ChildProcess;
  /** SERVE_URL as printed, with the token. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  base: string;
  stderr: string[];
  stop(): Promise<void>;
}

/** `codex-retro serve --port 0 --no-open …` for real, waiting for the SERVE_URL line. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<Served> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/codex-retro.js'), 'serve', '--port', '0', '--no-open', ...args],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no SERVE_URL; stderr: ${stderr.join('')}`)), 60_000);
    lines.on('line', (line) => {
      if (line.startsWith('SERVE_URL=')) {
        clearTimeout(timer);
        resolve(line.slice('SERVE_URL='.length));
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr.join('')}`)));
  });
  const parsed = new URL(url);
  return {
    child,
    url,
    base: `${parsed.protocol}//${parsed.host}`,
    stderr,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Every console error and uncaught exception of a page, to assert there were none. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/** Keeps a screenshot of a step under test-artifacts/ui/ (gitignored) for a person to look at. */
export async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

export interface UiEnvironment {
  model: ModelServer;
  home: TempCodexHome;
  repo: GitRepo;
  served: Served;
  browser: Browser;
  /** Console errors and uncaught exceptions of every page opened so far. */
  errors: string[];
  /** A fresh browser context signed in through SERVE_URL; `beforeOpen` can listen before the first request. */
  openPage(
    options: BrowserContextOptions,
    beforeOpen?: (page: Page) => void,
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A `prepareHome` that adds the rollouts of a fixture's `sessions` folder to the Codex home. */
export function addSessions(sessionsDir: string): (codexHome: string) => Promise<void> {
  return (codexHome) => cp(sessionsDir, join(codexHome, 'sessions'), { recursive: true });
}

/**
 * Everything a browser test runs against: the model server, a Codex home with the fixture sessions (plus
 * whatever `prepareHome` writes), a git repository, `codex-retro serve` and Chromium.
 */
export async function openUiEnvironment(options: {
  script: (request: ModelRequest) => ModelReply;
  repoFiles: Record<string, string>;
  prepareHome?: (codexHome: string) => Promise<void>;
}): Promise<UiEnvironment> {
  await ensureWebBuilt();
  const model = await startModelServer(options.script);
  const home = await makeCodexHome({ modelServerUrl: model.url, copySessionsFrom: FIXTURE_SESSIONS });
  await options.prepareHome?.(home.dir);
  const repo = makeGitRepo(options.repoFiles);
  const temp = await mkdtemp(join(tmpdir(), 'ui-e2e-'));
  const served = await startServe(
    ['--repo', repo.dir, '--codex-home', home.dir, '--codex-bin', home.codexBin],
    {
      ...home.env,
      CODEX_RETRO_STATE_DIR: join(temp, 'state'),
      CODEX_RETRO_CACHE_DIR: join(temp, 'cache'),
    },
  );
  const browser = await launchChromium();
  const errors: string[] = [];
  return {
    model,
    home,
    repo,
    served,
    browser,
    errors,
    async openPage(contextOptions, beforeOpen) {
      const context = await browser.newContext(contextOptions);
      const page = await context.newPage();
      const pageErrors = collectPageErrors(page);
      context.on('close', () => errors.push(...pageErrors));
      beforeOpen?.(page);
      await page.goto(served.url);
      return { context, page };
    },
    async close() {
      await browser.close();
      await served.stop();
      await model.close();
      await home.cleanup();
      repo.cleanup();
      await rm(temp, { recursive: true, force: true });
    },
  };
}
