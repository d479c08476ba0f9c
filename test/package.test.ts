import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(ROOT, 'samples/codex-home/sessions/2026/11/22');
const FIXTURES = join(ROOT, 'test/fixtures/codex-sessions');

/** What `npm pack` would put in the package (the build as it is; .ci/run packs and installs it for real). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}

describe('the npm package', () => {
  it('ships the CLI, the built code, the samples, README and LICENSE, and no test code or sources', () => {
    const files = packedFiles();
    for (const path of [
      'bin/codex-retro.js',
      'dist/cli.js',
      'dist/commands/index.js',
      'README.md',
      'LICENSE',
    ]) {
      expect(files).toContain(path);
    }
    expect(files.filter((f) => f.startsWith('samples/codex-home/sessions/'))).toHaveLength(
      readdirSync(SAMPLES).length,
    );
    const unwanted = files.filter((f) =>
      /(^|\/)(src|test|web|bench|scripts)\/|\.test\.|test-support|(^|\/)testing|\.map$|\.ts$/.test(
        f.replace(/^dist\/web\//, 'built-web/'),
      ),
    );
    expect(unwanted).toEqual([]);
  });

  it('says where it comes from and under which license', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.bugs.url).toMatch(/^https:\/\//);
    expect(pkg.scripts.build).toMatch(/^npm run clean && /);
  });

  it('ships sample sessions that are real rollouts from the fixture corpus, byte for byte', () => {
    const fixtures = new Map<string, string>();
    for (const version of readdirSync(FIXTURES)) {
      const dir = join(FIXTURES, version, 'sessions');
      for (const path of readdirSync(dir, { recursive: true }).map(String)) {
        if (path.endsWith('.jsonl')) fixtures.set(basename(path), readFileSync(join(dir, path), 'utf8'));
      }
    }
    const samples = readdirSync(SAMPLES);
    expect(samples.length).toBeGreaterThanOrEqual(8);
    for (const name of samples) expect(readFileSync(join(SAMPLES, name), 'utf8')).toBe(fixtures.get(name));
  });
});
