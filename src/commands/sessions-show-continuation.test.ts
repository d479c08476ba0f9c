import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStoreHome, runCli, type StoreHome } from '../../test/helpers/store-home.js';

/** `sessions show` says whether Codex can continue a session, as the API and the workflows decide it. */
const OLD = '6e8a0c2e-4f6a-4b8c-9d0e-2f4a6c8e0a2c';
const OLD_FILE = `rollout-2025-08-20T14-30-00-${OLD}.jsonl`;
const RECENT = '01a2011f-c751-7ec2-ad85-a4ab74c224db';

describe('codex-retro sessions show: can Codex continue it', () => {
  let home: StoreHome;
  beforeAll(async () => {
    home = await makeStoreHome(['0.169.0']);
    const dir = join(home.codexHome, 'sessions', '2025', '08', '20');
    await mkdir(dir, { recursive: true });
    await copyFile(
      join(import.meta.dirname, '../../test/fixtures/rollouts/eras', `b2-${OLD_FILE}`),
      join(dir, OLD_FILE),
    );
  });
  afterAll(async () => {
    await home?.cleanup();
  });

  it('an old session: Codex cannot continue it, and runs read a digest (text and JSON)', async () => {
    const text = await runCli(['sessions', 'show', OLD], home.env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('  codex     cannot continue it: it was written by Codex before 0.34');
    expect(text.stdout).toContain('insights and proposals read a digest of its transcript instead');
    const json = await runCli(['sessions', 'show', OLD, '--json'], home.env);
    expect(JSON.parse(json.stdout).continuation).toEqual({
      fork: false,
      resume: false,
      reason: expect.stringContaining('before 0.34'),
      default_mode: 'digest',
    });
  });

  it('a recent session: fork, and resume only with the provider it was recorded with', async () => {
    // No config.toml: Codex would run with its default provider, openai; the session was recorded with mock.
    const other = await runCli(['sessions', 'show', RECENT], home.env);
    expect(other.stdout).toContain(
      '  codex     can fork it, not resume it: it was recorded with model provider "mock" and Codex is configured for "openai" now',
    );
    await writeFile(join(home.codexHome, 'config.toml'), 'model_provider = "mock"\n');
    const same = await runCli(['sessions', 'show', RECENT, '--json'], home.env);
    expect(JSON.parse(same.stdout).continuation).toEqual({
      fork: true,
      resume: true,
      reason: null,
      default_mode: 'fork',
    });
  });
});
