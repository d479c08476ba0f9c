import type { CodexEvent } from '../codex/index.js';
import type { JobContext } from '../jobs/index.js';
import { redactDeep } from '../redact/index.js';

/**
 * Passes a Codex `--json` event on to the job log (redacted: command output can hold secrets) and records
 * the thread id as soon as Codex announces it, so the run record names its Codex session even if it fails.
 */
export function relayCodexEvent(ctx: JobContext, event: CodexEvent): void {
  if (event.type === 'thread.started' && 'thread_id' in event && typeof event.thread_id === 'string') {
    ctx.update({ codex_thread_id: event.thread_id });
  }
  ctx.log(redactDeep({ ...event }));
}
