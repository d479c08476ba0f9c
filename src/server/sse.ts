import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { redactDeep } from '../redact/index.js';
import type { JobSource, JobView } from './deps.js';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'interrupted']);
const HEARTBEAT_MS = 15_000;

/**
 * `GET /codex/jobs/{id}/events`: replays the last `tail` events, then follows live until the job ends.
 * Listening starts before the replay is read, so nothing that happens in between is lost; events seen in
 * the replay are not sent twice. Every message is `event: job` (a log event) or `event: status` (the record).
 */
export function streamJobEvents(c: Context, jobs: JobSource, job: JobView, tail: number): Response {
  return streamSSE(c, async (stream) => {
    const pending: Record<string, unknown>[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = jobs.subscribe(job.job_id, (event) => {
      pending.push(event);
      wake?.();
    });
    stream.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    let id = 0;
    const send = (event: string, data: unknown) =>
      stream.writeSSE({ event, id: String(++id), data: JSON.stringify(redactDeep(data)) });
    let lastStatus = '';
    const sendStatus = async (onlyIfChanged = false): Promise<boolean> => {
      const current = jobs.get(job.job_id, { tail: 0 });
      if (!current) return true;
      if (!onlyIfChanged || current.status !== lastStatus) {
        const { events: _events, ...record } = current;
        await send('status', record);
        lastStatus = current.status;
      }
      return TERMINAL.has(current.status);
    };
    try {
      const replay = jobs.get(job.job_id, { tail })?.events ?? [];
      const replayed = new Set(replay.map((e) => JSON.stringify(e)));
      for (const event of replay) await send('job', event);
      const flush = async () => {
        while (pending.length > 0) {
          const event = pending.shift()!;
          if (!replayed.delete(JSON.stringify(event))) await send('job', event);
        }
      };
      await flush();
      let done = await sendStatus();
      while (!done && !stream.aborted) {
        if (pending.length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, HEARTBEAT_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
          if (stream.aborted) break;
          if (pending.length === 0) await stream.writeSSE({ event: 'ping', data: '{}' });
        }
        await flush();
        done = await sendStatus(true);
      }
      // Events that arrived while the final status was being read.
      if (!stream.aborted) await flush();
    } finally {
      unsubscribe();
    }
  });
}
