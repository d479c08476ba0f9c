#!/usr/bin/env node
// Takes docs/screenshot.png, the README's picture of the UI: `serve` from this checkout's build on an empty
// Codex home (so the sample sessions shipped with codex-retro), one session open, in Chromium at 1440×900.
// Run `npm run build` first; needs /usr/bin/chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'codex-retro-shot-'));
const env = {
  ...process.env,
  CODEX_HOME: join(work, 'empty-codex-home'),
  CODEX_RETRO_CACHE_DIR: join(work, 'cache'),
  CODEX_RETRO_STATE_DIR: join(work, 'state'),
};
const child = spawn(
  process.execPath,
  [
    join(root, 'bin/codex-retro.js'),
    'serve',
    '--port',
    '0',
    '--no-open',
    '--no-repo',
    '--codex-bin',
    join(root, 'node_modules/.bin/codex'),
  ],
  {
    cwd: work,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const browser = await chromium.launch({
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
try {
  const url = await new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('SERVE_URL=')) resolve(line.slice('SERVE_URL='.length));
    });
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await page.goto(url);
  await page
    .getByRole('option', { name: /long multi-step task/ })
    .first()
    .click();
  await page.locator('[data-kind="tool_output"]').first().waitFor();
  await page.screenshot({ path: join(root, 'docs/screenshot.png') });
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
