import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import { type ModelServer, startModelServer } from '../../test/helpers/model-server.js';
import { findLiveProcesses, isGroupGone, type ProcessInfo } from '../../test/helpers/processes.js';
import { runCodex } from '../codex/index.js';
import { readOwnThreads } from '../sessions/own-threads.js';
import { createJobRegistry, type JobContext } from './index.js';

describe('jobs running the real codex CLI', () => {
  let server: ModelServer;
  let home: TempCodexHome;
  let root: string;

  beforeAll(async () => {
    server = await startModelServer((request) =>
      request.userText.includes('[[slow]]')
        ? // biome-ignore lint/suspicious/noThenProperty: `then` is the model server's name for the delayed reply
          { kind: 'slow', delayMs: 30_000, then: { kind: 'message', text: 'late' } }
        : { kind: 'message', text: `Answer to: ${request.userText}` },
    );
    home = await makeCodexHome({ modelServerUrl: server.url });
    root = await mkdtemp(join(tmpdir(), 'codex-retro-jobs-e2e-'));
  });

  afterAll(async () => {
    await server.close();
    await home.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  function codexJob(prompt: string, sessionId?: string) {
    return async (ctx: JobContext) => {
      const result = await runCodex({
        mode: sessionId ? 'fork' : 'new',
        sessionId,
        prompt,
        cwd: root,
        codexHome: home.dir,
        codexBin: home.codexBin,
        env: home.env,
        skipGitRepoCheck: true,
        signal: ctx.signal,
        onEvent: (event) => {
          if (event.type === 'thread.started' && typeof event.thread_id === 'string') {
            ctx.update({ codex_thread_id: event.thread_id });
          }
          ctx.log({ ...event });
        },
      });
      ctx.update({ command: result.command });
      return { answer: result.lastMessage };
    };
  }

  it('records the fork it ran: command, new thread id (hidden as our own), events and answer', async () => {
    const jobs = createJobRegistry({ runsDir: join(root, 'runs'), stateDir: join(root, 'state') });
    const parent = await jobs.wait(
      jobs.submit({ kind: 'setup', prompts: ['Parent'], run: codexJob('Parent') }).job_id,
    );
    const parentThread = parent.codex_thread_id as string;

    const submitted = jobs.submit({
      kind: 'insights',
      session_id: parentThread,
      mode: 'fork',
      prompts: ['Look back'],
      sandbox: 'read-only',
      run: codexJob('Look back', parentThread),
    });
    const done = await jobs.wait(submitted.job_id);

    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ answer: 'Answer to: Look back' });
    expect(done.codex_thread_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(done.codex_thread_id).not.toBe(parentThread);
    expect(done.command).toEqual(expect.arrayContaining(['exec', 'fork', parentThread]));
    const events = jobs.get(done.job_id, { tail: 50 })?.events ?? [];
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'thread.started',
        'turn.started',
        'item.completed',
        'turn.completed',
        'job.status',
      ]),
    );
    const own = (await readOwnThreads(join(root, 'state'))).threads;
    expect(own.get(done.codex_thread_id as string)).toMatchObject({ job_id: done.job_id, kind: 'insights' });
  });

  it('cancels a running Codex job and leaves no process behind', async () => {
    const jobs = createJobRegistry({ runsDir: join(root, 'runs') });
    const runDir = await mkdtemp(join(root, 'cancel-'));
    const seen = new Map<number, ProcessInfo>();
    const { job_id } = jobs.submit({
      kind: 'insights',
      prompts: ['[[slow]]'],
      run: async (ctx) => {
        const result = await runCodex({
          mode: 'new',
          prompt: '[[slow]] wait',
          cwd: runDir,
          codexHome: home.dir,
          codexBin: home.codexBin,
          env: home.env,
          skipGitRepoCheck: true,
          signal: ctx.signal,
          onEvent: (event) => {
            if (event.type !== 'turn.started') return;
            for (const info of findLiveProcesses(runDir)) seen.set(info.pid, info);
            jobs.cancel(ctx.jobId);
          },
        });
        return { answer: result.lastMessage };
      },
    });
    const done = await jobs.wait(job_id);

    expect(done).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(seen.size).toBeGreaterThan(0);
    expect(findLiveProcesses(runDir)).toEqual([]);
    for (const info of seen.values()) expect(isGroupGone(info.pgid)).toBe(true);
  });
});
