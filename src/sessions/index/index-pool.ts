import type { Worker } from 'node:worker_threads';
import { startSessionThread } from '../session-thread.js';
import type { ScanJob, ScanOutcome } from './index-scan.js';

export interface ScanPool {
  /** How many files can be in flight at once. */
  readonly slots: number;
  /** Resolves with the outcome, or null when the pool is broken (the caller then scans in-process). */
  run(job: ScanJob): Promise<ScanOutcome | null>;
  close(): Promise<void>;
}

/** Files each worker parses at once: one parses while the other waits for its next read. */
const SLOTS_PER_WORKER = 2;

/** `size` worker threads, each parsing up to two rollouts at a time. */
export function createScanPool(size: number): ScanPool {
  const pending = new Map<number, (outcome: ScanOutcome | null) => void>();
  const idle: Worker[] = [];
  const waiting: (() => void)[] = [];
  let broken = false;
  let nextId = 0;

  const fail = () => {
    broken = true;
    for (const settle of pending.values()) settle(null);
    pending.clear();
    for (const wake of waiting.splice(0)) wake();
  };
  const workers = Array.from({ length: size }, () => {
    const worker = startSessionThread(import.meta.url, 'index-worker');
    worker.on('message', (message: { id: number; outcome: ScanOutcome }) => {
      pending.get(message.id)?.(message.outcome);
      pending.delete(message.id);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail();
    });
    for (let slot = 0; slot < SLOTS_PER_WORKER; slot++) idle.push(worker);
    return worker;
  });

  const acquire = async (): Promise<Worker | null> => {
    while (!broken && idle.length === 0) await new Promise<void>((wake) => waiting.push(wake));
    return broken ? null : idle.pop()!;
  };
  const release = (worker: Worker) => {
    idle.push(worker);
    waiting.shift()?.();
  };

  return {
    slots: size * SLOTS_PER_WORKER,
    async run(job) {
      const worker = await acquire();
      if (!worker) return null;
      const id = nextId++;
      try {
        return await new Promise<ScanOutcome | null>((settle) => {
          pending.set(id, settle);
          worker.postMessage({ id, job });
        });
      } finally {
        release(worker);
      }
    },
    async close() {
      broken = true;
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
