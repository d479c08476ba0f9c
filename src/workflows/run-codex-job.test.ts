import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codexAnswered } from '../../test/helpers/server.js';
import type { JobContext } from '../jobs/index.js';
import type { RunCodex, WorkflowDeps } from './deps.js';
import { refuseUnsafeRun, runCodexForJob } from './run-codex-job.js';

const THREAD = '019a9999-0000-7000-8000-0000000000bb';

describe('a run does what its record says', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'codex-home-'));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  async function writeRollout(turnContext: Record<string, unknown>): Promise<string> {
    const dir = join(home, 'sessions', '2026', '12', '03');
    await mkdir(dir, { recursive: true });
    const lines = [
      { type: 'session_meta', payload: { id: THREAD } },
      {
        type: 'turn_context',
        payload: { approval_policy: 'never', sandbox_policy: { type: 'read-only' }, model: 'old' },
      },
      { type: 'turn_context', payload: turnContext },
    ];
    const path = join(dir, `rollout-2026-12-03T08-00-00-${THREAD}.jsonl`);
    await writeFile(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    return path;
  }

  /** The rollouts under the Codex home, by file name, with what they hold. */
  async function rollouts(): Promise<Map<string, string>> {
    const names = (await readdir(join(home, 'sessions'), { recursive: true })).filter((n) =>
      n.endsWith('.jsonl'),
    );
    return new Map(
      await Promise.all(
        names.map(async (n) => [n, await readFile(join(home, 'sessions', n), 'utf8')] as [string, string]),
      ),
    );
  }

  async function run(
    sandbox: 'read-only' | 'workspace-write',
    mode: 'fork' | 'resume' = 'fork',
    seen: { sessionId?: string; rollouts?: Map<string, string> } = {},
    codexHome = home,
  ) {
    const updates: Record<string, unknown>[] = [];
    const ctx = {
      jobId: 'job',
      signal: new AbortController().signal,
      log: () => {},
      update: (p: Record<string, unknown>) => updates.push(p),
    } as unknown as JobContext;
    const runCodex = (async (options: { sessionId?: string }) => {
      seen.sessionId = options.sessionId;
      seen.rollouts = await rollouts();
      return codexAnswered(THREAD, { ok: true });
    }) as unknown as RunCodex;
    const deps = {
      repoRoot: home,
      stateDir: home,
      codexHome,
      codexBin: 'codex',
      runCodex,
    } as unknown as WorkflowDeps;
    const outcome = runCodexForJob(deps, ctx, {
      mode,
      sessionId: THREAD,
      sessionPath: join(home, 'sessions', '2026', '12', '03', `rollout-2026-12-03T08-00-00-${THREAD}.jsonl`),
      prompt: 'p',
      schema: z.object({ ok: z.boolean() }),
      model: null,
      sandbox,
      retry: 'try again',
    });
    return { outcome, updates };
  }

  it('records the settings Codex reports for its last turn', async () => {
    await writeRollout({ approval_policy: 'never', sandbox_policy: { type: 'read-only' }, model: 'gpt-5.5' });
    const { outcome, updates } = await run('read-only');
    await expect(outcome).resolves.toMatchObject({ threadId: THREAD });
    expect(updates).toContainEqual({
      codex_reported: { sandbox_policy: 'read-only', approval_policy: 'never', model: 'gpt-5.5' },
    });
  });

  it('fails the job when Codex ran with other settings than asked', async () => {
    await writeRollout({
      approval_policy: 'never',
      sandbox_policy: { type: 'danger-full-access' },
      model: 'gpt-5.5',
    });
    const { outcome } = await run('read-only');
    await expect(outcome).rejects.toMatchObject({ code: 'codex_settings_mismatch' });
  });

  it('forks a redacted copy of the session, gone when the run ends; a resume continues the session itself', async () => {
    const path = await writeRollout({
      approval_policy: 'never',
      sandbox_policy: { type: 'read-only' },
      model: 'gpt-5.5',
      cwd: '/srv/app DATABASE_PASSWORD=hunter2-very-secret',
    });
    const before = await readFile(path, 'utf8');
    const seen: { sessionId?: string; rollouts?: Map<string, string> } = {};
    await (await run('read-only', 'fork', seen)).outcome;
    expect(seen.sessionId).not.toBe(THREAD);
    const copy = [...(seen.rollouts ?? [])].find(([name]) => name.includes(seen.sessionId as string));
    expect(copy?.[1]).toContain('DATABASE_PASSWORD=[REDACTED:');
    expect(copy?.[1]).not.toContain('hunter2');
    expect(JSON.parse(copy?.[1].split('\n')[0] as string).payload.id).toBe(seen.sessionId);
    // Afterwards only the person's rollout is left, byte for byte as it was.
    expect([...(await rollouts()).values()]).toEqual([before]);

    const resumed: { sessionId?: string; rollouts?: Map<string, string> } = {};
    await (await run('read-only', 'resume', resumed)).outcome;
    expect(resumed.sessionId).toBe(THREAD);
    expect(resumed.rollouts?.size).toBe(1);
  });

  it('ends a fork with the cause, Codex never started, when the session’s rollout is gone', async () => {
    const seen: { sessionId?: string } = {};
    await expect((await run('read-only', 'fork', seen)).outcome).rejects.toMatchObject({
      code: 'session_unreadable',
      message: expect.stringMatching(/ENOENT.*nothing was sent to Codex/),
    });
    expect(seen.sessionId).toBeUndefined();
  });

  it('ends a fork with the cause when the copy cannot be written, the session left as it was', async () => {
    const path = await writeRollout({ approval_policy: 'never', sandbox_policy: { type: 'read-only' } });
    const before = await readFile(path, 'utf8');
    // A Codex home whose sessions folder is a file: no copy can be written there.
    const blocked = join(home, 'blocked');
    await mkdir(blocked);
    await writeFile(join(blocked, 'sessions'), 'x');
    const seen: { sessionId?: string } = {};
    await expect((await run('read-only', 'fork', seen, blocked)).outcome).rejects.toMatchObject({
      code: 'session_unreadable',
      message: expect.stringMatching(/sessions folder can be written/),
    });
    expect(seen.sessionId).toBeUndefined();
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('refuses an approval codex exec does not honour, and a write sandbox unless allowed', () => {
    expect(() => refuseUnsafeRun('read-only', 'on-request', true)).toThrow(/never asks for approval/);
    expect(() => refuseUnsafeRun('workspace-write', null, false)).toThrow(/--allow-write-sandbox/);
    expect(() => refuseUnsafeRun('workspace-write', 'never', true)).not.toThrow();
  });
});
