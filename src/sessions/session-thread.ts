import { Worker, type WorkerOptions } from 'node:worker_threads';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * A worker thread running the module `name` (no extension) beside the caller's module `base`
 * (`.ts` when run from source, `.js` once built).
 */
export function startSessionThread(base: string, name: string, options: WorkerOptions = {}): Worker {
  const url = new URL(`./${name}.${FROM_SOURCE ? 'ts' : 'js'}`, base);
  // Built code needs no loader hooks of the parent (e.g. a TypeScript loader): threads start faster without.
  return new Worker(url, FROM_SOURCE ? options : { ...options, execArgv: [] });
}
