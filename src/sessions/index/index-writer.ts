import { startSessionThread } from '../session-thread.js';
import { toError } from '../thread-error.js';
import type { ScannedText } from './index-save.js';
import type { WriterReply, WriterRequest } from './index-writer-thread.js';

/** Saves search text to the cache on a thread of its own, so the parsing threads never wait for SQLite. */
export interface IndexWriter {
  /** Hands a batch over; resolves once few enough batches wait, rejects once the writer has failed. */
  write(batch: ScannedText[]): Promise<void>;
  /** Waits until every batch is saved (resolves with how many files were); rejects with the writer's first error (its SQLite code kept). */
  finish(): Promise<number>;
  /** Stops the thread, after `finish` or instead of it. */
  close(): Promise<void>;
}

/** Batches handed over but not yet saved before `write` makes its caller wait: bounds the memory they hold. */
const MAX_WAITING = 2;

/** A writer thread with its own connection to the cache file `file` (which this thread has opened). */
export function startIndexWriter(file: string, parserVersion: number): IndexWriter {
  const thread = startSessionThread(import.meta.url, 'index-writer-thread', {
    workerData: { file, parserVersion },
  });
  let saved = 0;
  let waiting = 0;
  let failure: Error | null = null;
  const wakeups: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of wakeups.splice(0)) wake();
  };
  const fail = (error: Error) => {
    failure ??= error;
    wakeAll();
  };
  thread.on('message', (reply: WriterReply) => {
    waiting -= 1;
    if ('error' in reply) {
      fail(toError(reply.error));
    } else saved += reply.saved;
    wakeAll();
  });
  thread.on('error', fail);
  const exited = new Promise<void>((resolve) =>
    thread.on('exit', (code) => {
      if (waiting > 0 || code !== 0) fail(new Error(`The index writer stopped (exit code ${code}).`));
      resolve();
    }),
  );
  const until = async (done: () => boolean) => {
    while (!failure && !done()) await new Promise<void>((wake) => wakeups.push(wake));
    if (failure) throw failure;
  };

  return {
    async write(batch) {
      if (failure) throw failure;
      waiting += 1;
      thread.postMessage({ batch } satisfies WriterRequest);
      await until(() => waiting < MAX_WAITING);
    },
    async finish() {
      await until(() => waiting === 0);
      return saved;
    },
    async close() {
      thread.postMessage({ close: true } satisfies WriterRequest);
      await exited;
    },
  };
}
