import type { CommandIo } from './command.js';

/**
 * Runs `work` with an AbortSignal that Ctrl-C aborts: the work stops what it started (Codex runs are in process
 * groups of their own, which the terminal's Ctrl-C does not reach) and ends with its own error. A second Ctrl-C
 * quits at once; the exit hook still stops every Codex run.
 */
export async function withInterrupt<T>(
  io: CommandIo,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr.write(`Stopping ${what} (press Ctrl-C again to quit at once)…\n`);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
