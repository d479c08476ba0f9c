import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexAnswered, makeTempRepo, makeTestServer, SESSION_ID } from '../../test/helpers/server.js';
import type { RunCodex } from '../workflows/deps.js';

const THREAD = '019a9999-0000-7000-8000-0000000000bb';

async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  seen: string[],
  needle: string,
): Promise<void> {
  const decoder = new TextDecoder();
  while (!seen.join('').includes(needle)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before "${needle}": ${seen.join('')}`);
    seen.push(decoder.decode(value));
  }
}

describe('job event stream', () => {
  let repo: Awaited<ReturnType<typeof makeTempRepo>>;
  beforeEach(async () => {
    repo = await makeTempRepo();
  });
  afterEach(() => repo.cleanup());

  it('replays what happened, follows live events once each, and ends with the final status', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runCodex = (async (options: Parameters<RunCodex>[0]) => {
      options.onEvent?.({ type: 'thread.started', thread_id: THREAD });
      await gate;
      options.onEvent?.({
        type: 'item.completed',
        item: { id: 'i2', type: 'agent_message', text: 'late event' },
      });
      return codexAnswered(THREAD, {
        goal: 'g',
        outcome: { status: 'unclear', summary: 's' },
        what_worked: [],
        friction: [],
        recommendations: [],
      });
    }) as RunCodex;
    const server = makeTestServer({ repoRoot: repo.dir, runCodex });
    const started = await server.request('/codex/insights/run', {
      method: 'POST',
      body: JSON.stringify({ session_id: SESSION_ID }),
      headers: { 'content-type': 'application/json' },
    });
    const { job_id } = await started.json();
    // Wait until the run is inside Codex, so the first event is history by the time the stream opens.
    for (let i = 0; i < 100 && (server.jobs.get(job_id)?.events.length ?? 0) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    const res = await server.request(`/codex/jobs/${job_id}/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const seen: string[] = [];
    await readUntil(reader, seen, '"status":"running"');
    expect(seen.join('')).toContain('"thread.started"');
    expect(seen.join('')).not.toContain('late event');

    release();
    await readUntil(reader, seen, '"status":"succeeded"');
    const text = seen.join('');
    expect(text.indexOf('late event')).toBeGreaterThan(text.indexOf('thread.started'));
    expect(text.split('"thread.started"').length - 1).toBe(1);
    expect(text.split('late event').length - 1).toBe(1);
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The stream closes after the final status: nothing but the end follows.
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += new TextDecoder().decode(r.value);
    expect(rest).not.toContain('event: job');
  });

  it('answers 404 for an unknown job', async () => {
    const server = makeTestServer({
      repoRoot: repo.dir,
      runCodex: (async () => ({})) as unknown as RunCodex,
    });
    const res = await server.request('/codex/jobs/job-20261122T030000000Z-0a0b0c0d/events');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'job_not_found' });
  });
});
