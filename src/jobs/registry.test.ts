import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { RetroError } from '../errors.js';
import { readOwnThreads } from '../sessions/own-threads.js';
import { createJobRegistry, type JobContext } from './index.js';

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function makeGate(): Gate {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new RetroError('codex_cancelled', 'stopped')), {
      once: true,
    });
  });
}

const SESSION = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const THREAD = '01a2011f-d1e3-74e0-9ac8-7d18fff8ef82';

describe('job registry', () => {
  const dir = tempDirEach('codex-retro-jobs-');
  let root: string;
  let runsDir: string;

  beforeEach(() => {
    root = dir();
    runsDir = join(root, '.codex-orchestrator', 'runs');
  });

  it('never runs more jobs at once than its concurrency; queued jobs start as slots free', async () => {
    const jobs = createJobRegistry({ runsDir, concurrency: 2 });
    const gates = Array.from({ length: 5 }, makeGate);
    let active = 0;
    let peak = 0;
    const ids = gates.map(
      (gate, index) =>
        jobs.submit({
          kind: 'test',
          prompts: [`job ${index}`],
          run: async () => {
            active++;
            peak = Math.max(peak, active);
            await gate.promise;
            active--;
            return { index };
          },
        }).job_id,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(ids.map((id) => jobs.get(id)?.status)).toEqual([
      'running',
      'running',
      'queued',
      'queued',
      'queued',
    ]);

    gates[0]?.open();
    await jobs.wait(ids[0] as string);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ids.map((id) => jobs.get(id)?.status)).toEqual([
      'succeeded',
      'running',
      'running',
      'queued',
      'queued',
    ]);

    for (const gate of gates) gate.open();
    const finished = await Promise.all(ids.map((id) => jobs.wait(id)));
    expect(finished.map((record) => record.status)).toEqual(Array(5).fill('succeeded'));
    expect(finished.map((record) => record.result)).toEqual([0, 1, 2, 3, 4].map((index) => ({ index })));
    expect(peak).toBe(2);
  });

  it('persists every job as runs/<job_id>.json with what ran, and its event log beside it', async () => {
    const jobs = createJobRegistry({ runsDir, stateDir: join(root, 'state') });
    const { job_id } = jobs.submit({
      kind: 'insights',
      session_id: SESSION,
      mode: 'fork',
      prompts: ['Find patterns. api_key=sk-live-0123456789abcdefghijklmnop'],
      model: 'gpt-5.5',
      sandbox: 'read-only',
      approval: 'never',
      config: { insight_artifact_id: 'x' },
      run: async (ctx: JobContext) => {
        ctx.update({ codex_thread_id: THREAD, command: ['codex', 'exec', 'fork', SESSION, '-'] });
        ctx.log({ type: 'item.completed', item: { type: 'agent_message', text: 'hello' } });
        ctx.update({ exit_status: 0 });
        return { insight_artifact_id: 'x' };
      },
    });
    const done = await jobs.wait(job_id);

    const onDisk = JSON.parse(await readFile(join(runsDir, `${job_id}.json`), 'utf8'));
    expect(onDisk).toEqual(done);
    expect(onDisk).toMatchObject({
      job_id,
      kind: 'insights',
      status: 'succeeded',
      session_id: SESSION,
      mode: 'fork',
      model: 'gpt-5.5',
      sandbox: 'read-only',
      approval: 'never',
      config: { insight_artifact_id: 'x' },
      command: ['codex', 'exec', 'fork', SESSION, '-'],
      codex_thread_id: THREAD,
      exit_status: 0,
      error: null,
      result: { insight_artifact_id: 'x' },
    });
    expect(onDisk.prompts[0]).toContain('Find patterns.');
    expect(onDisk.prompts[0]).not.toContain('sk-live-0123456789abcdefghijklmnop');
    for (const key of ['created_at', 'started_at', 'finished_at'])
      expect(Date.parse(onDisk[key])).not.toBeNaN();
    expect((await readdir(runsDir)).sort()).toEqual([`${job_id}.events.jsonl`, `${job_id}.json`]);

    const log = (await readFile(join(runsDir, `${job_id}.events.jsonl`), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(log.map((event) => event.status ?? event.type)).toEqual([
      'queued',
      'running',
      'item.completed',
      'succeeded',
    ]);
    expect((await readOwnThreads(join(root, 'state'))).threads.get(THREAD)).toMatchObject({
      job_id,
      kind: 'insights',
    });
  });

  it('does not hide a resumed session: the person owns that thread', async () => {
    const jobs = createJobRegistry({ runsDir, stateDir: join(root, 'state') });
    const { job_id } = jobs.submit({
      kind: 'insights',
      session_id: SESSION,
      mode: 'resume',
      prompts: ['x'],
      run: async (ctx) => {
        ctx.update({ codex_thread_id: SESSION });
        return {};
      },
    });
    await jobs.wait(job_id);
    expect((await readOwnThreads(join(root, 'state'))).threads.size).toBe(0);
  });

  it('records a failure with its stable code and the exit status', async () => {
    const jobs = createJobRegistry({ runsDir });
    const { job_id } = jobs.submit({
      kind: 'insights',
      prompts: ['x'],
      run: async () => {
        throw new RetroError('codex_model_error', 'The model run failed: overloaded. Try again later.', {
          details: { exit_code: 1 },
        });
      },
    });
    expect(await jobs.wait(job_id)).toMatchObject({
      status: 'failed',
      exit_status: 1,
      error: { code: 'codex_model_error', message: 'The model run failed: overloaded. Try again later.' },
    });
  });

  it('cancels a running job through its signal and a queued job before it starts', async () => {
    const jobs = createJobRegistry({ runsDir, concurrency: 1 });
    const running = jobs.submit({ kind: 'slow', prompts: [], run: (ctx) => waitForAbort(ctx.signal) });
    let queuedRan = false;
    const queued = jobs.submit({
      kind: 'slow',
      prompts: [],
      run: async () => {
        queuedRan = true;
        return {};
      },
    });
    await new Promise((resolve) => setImmediate(resolve));

    expect(jobs.cancel(queued.job_id)).toBe(true);
    expect(jobs.cancel(running.job_id)).toBe(true);
    expect(await jobs.wait(running.job_id)).toMatchObject({
      status: 'cancelled',
      error: { code: 'cancelled' },
    });
    expect(await jobs.wait(queued.job_id)).toMatchObject({ status: 'cancelled', started_at: null });
    expect(queuedRan).toBe(false);
    expect(jobs.cancel(running.job_id)).toBe(false);
  });

  it('stops a job that runs past its timeout', async () => {
    const jobs = createJobRegistry({ runsDir });
    const { job_id } = jobs.submit({
      kind: 'slow',
      prompts: [],
      timeoutMs: 50,
      run: (ctx) => waitForAbort(ctx.signal),
    });
    expect(await jobs.wait(job_id)).toMatchObject({ status: 'failed', error: { code: 'job_timeout' } });
  });

  it('marks jobs left queued or running by an earlier process as interrupted, and reports unreadable records', async () => {
    const first = createJobRegistry({ runsDir, concurrency: 1 });
    const pause = () => new Promise((resolve) => setTimeout(resolve, 3));
    const a = first.submit({ kind: 'slow', prompts: [], run: () => new Promise(() => {}) });
    await pause();
    const b = first.submit({ kind: 'slow', prompts: [], run: () => new Promise(() => {}) });
    await pause();
    const c = first.submit({ kind: 'quick', prompts: [], run: async () => ({}) });
    first.cancel(c.job_id);
    await writeFile(
      join(runsDir, 'job-20260101T000000000Z-deadbeef.json'),
      '{"job_id": "job-20260101T000000000Z-dead',
    );

    const second = createJobRegistry({ runsDir });
    for (const id of [a.job_id, b.job_id]) {
      expect(second.get(id)).toMatchObject({ status: 'interrupted', error: { code: 'interrupted' } });
      expect(second.get(id)?.error?.message).toMatch(/codex-retro restarted/);
      expect(JSON.parse(await readFile(join(runsDir, `${id}.json`), 'utf8')).status).toBe('interrupted');
    }
    expect(second.get(c.job_id)?.status).toBe('cancelled');
    expect(second.list().map((record) => record.job_id)).toEqual([c.job_id, b.job_id, a.job_id]);
    expect(second.unreadable).toEqual([
      { file: 'job-20260101T000000000Z-deadbeef.json', problem: expect.any(String) },
    ]);
  });

  it('leaves jobs another live codex-retro process is running alone, and follows their records', async () => {
    const first = createJobRegistry({ runsDir });
    const live = first.submit({ kind: 'slow', prompts: [], run: () => new Promise(() => {}) });
    const orphan = first.submit({ kind: 'slow', prompts: [], run: () => new Promise(() => {}) });
    const other = spawn('sleep', ['30']);
    await writeFile(join(runsDir, `${live.job_id}.owner`), String(other.pid));
    await writeFile(join(runsDir, `${orphan.job_id}.owner`), '999999999');
    try {
      const second = createJobRegistry({ runsDir });
      expect(second.get(live.job_id)?.status).toBe('running');
      expect(second.cancel(live.job_id)).toBe(false);
      expect(second.get(orphan.job_id)?.status).toBe('interrupted');

      const onDisk = JSON.parse(await readFile(join(runsDir, `${live.job_id}.json`), 'utf8'));
      await writeFile(
        join(runsDir, `${live.job_id}.json`),
        JSON.stringify({ ...onDisk, status: 'succeeded' }),
      );
      expect(second.get(live.job_id)?.status).toBe('succeeded');
    } finally {
      other.kill();
    }
  });

  it('returns only the last N events with tail=N, reading from the end of a long log', async () => {
    const jobs = createJobRegistry({ runsDir });
    const { job_id } = jobs.submit({
      kind: 'chatty',
      prompts: [],
      run: async (ctx) => {
        for (let i = 0; i < 2000; i++) ctx.log({ type: 'line', i, text: 'x'.repeat(40) });
        return {};
      },
    });
    await jobs.wait(job_id);

    const tail = jobs.get(job_id, { tail: 3 })?.events ?? [];
    expect(tail.map((event) => event.i ?? event.status)).toEqual([1998, 1999, 'succeeded']);
    expect(jobs.get(job_id, { tail: 0 })?.events).toEqual([]);
    expect(jobs.get(job_id, { tail: 10_000 })?.events).toHaveLength(2003);
    expect(jobs.get('job-20260101T000000000Z-00000000')).toBeNull();
    expect(jobs.get('../../etc/passwd')).toBeNull();
  });

  it('streams events and status changes to subscribers until the job ends', async () => {
    const jobs = createJobRegistry({ runsDir });
    const gate = makeGate();
    const { job_id } = jobs.submit({
      kind: 'live',
      prompts: [],
      run: async (ctx) => {
        await gate.promise;
        ctx.log({ type: 'progress', step: 1 });
        return { ok: true };
      },
    });
    const received: Record<string, unknown>[] = [];
    const unsubscribe = jobs.subscribe(job_id, (event) => received.push(event));
    gate.open();
    await jobs.wait(job_id);
    unsubscribe();

    expect(received.map((event) => event.type)).toEqual(['progress', 'job.status']);
    expect(received.at(-1)).toMatchObject({ status: 'succeeded', ts: expect.any(String) });
    expect(received[0]).toEqual(jobs.get(job_id, { tail: 2 })?.events[0]);
  });
});
