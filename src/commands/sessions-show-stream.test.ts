import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLongRollout } from '../../test/helpers/long-rollout.js';
import { makeStoreHome, runCli, type StoreHome } from '../../test/helpers/store-home.js';
import { openSessionStore } from '../sessions/store.js';
import { readContinuation } from '../workflows/continuation.js';

const BIN = fileURLToPath(new URL('../../bin/codex-retro.js', import.meta.url));
/** A heap in which the transcript below cannot be held whole (let alone as one JSON string). */
const SMALL_HEAP = ['--max-old-space-size=64'];

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in a child process with a small heap; `lines` stops reading after that many, as `| head` does. */
function runSmall(args: string[], env: NodeJS.ProcessEnv, lines?: number): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SMALL_HEAP, BIN, ...args], { env });
    const out: Buffer[] = [];
    let seen = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      if (lines === undefined) return;
      for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) seen++;
      if (seen >= lines) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr }));
  });
}

describe('sessions show on a session too large to hold', () => {
  let home: StoreHome;
  let id: string;
  let expected: string;
  let entries: number;
  beforeAll(async () => {
    home = await makeStoreHome(['0.40.0']);
    const long = writeLongRollout(home.codexHome, { turns: 300, outputBytes: 30_000 });
    id = long.id;
    expect(long.bytes).toBeGreaterThan(40e6);
    // The document as it was printed before streaming: the whole transcript, stringified at once.
    const store = openSessionStore({
      codexHome: home.codexHome,
      cacheDir: home.cacheDir,
      stateDir: home.stateDir,
    });
    const detail = (await store.get(id))!;
    store.close();
    const continuation = await readContinuation(home.codexHome, detail.metadata);
    const { metadata, messages, turns } = detail;
    expected = `${JSON.stringify({ id, metadata, continuation, messages, turns }, null, 2)}\n`;
    entries = messages.length;
  });
  afterAll(async () => {
    await home.cleanup();
  });

  it('prints the same JSON document as before, streamed within a heap smaller than the transcript', async () => {
    const { code, stdout, stderr } = await runSmall(['sessions', 'show', id, '--json'], home.env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.length).toBe(expected.length);
    expect(stdout === expected).toBe(true);
    const parsed = JSON.parse(stdout) as { messages: unknown[]; continuation: unknown };
    expect(parsed.messages).toHaveLength(entries);
    expect(parsed.continuation).toMatchObject({ fork: expect.any(Boolean) });
  });

  it('prints the text transcript, every entry, within the same heap', async () => {
    const { code, stdout, stderr } = await runSmall(['sessions', 'show', id], home.env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Turn 0: make step 0 of the long task');
    expect(stdout.match(/^\[\d\d:\d\d:\d\d\] /gm)).toHaveLength(entries);
    expect(stdout).toMatch(/\n\[08:\d\d:\d\d\] context: A notice Codex injected/);
    expect(stdout).toContain('patch ✗ FAILED: 1 file');
  });

  it('stops quietly when its reader does (| head)', async () => {
    for (const json of [false, true]) {
      const args = ['sessions', 'show', id, ...(json ? ['--json'] : [])];
      const { code, stdout, stderr } = await runSmall(args, home.env, 30);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout.length).toBeLessThan(expected.length / 2);
    }
  });

  it('still answers a plain run the same as a small-heap one', async () => {
    const { code, stdout } = await runCli(['sessions', 'show', id.slice(-12), '--json'], home.env);
    expect(code).toBe(0);
    expect(stdout === expected).toBe(true);
  });
});
