import { Worker, type WorkerOptions } from 'node:worker_threads';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A worker thread running the module `name` beside this one (`.ts` when run from source, `.js` once built). */
export function startSessionThread(name: string, options: WorkerOptions = {}): Worker {
  const url = new URL(`./${name}.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);
  // Built code needs no loader hooks of the parent (e.g. a TypeScript loader): threads start faster without.
  return new Worker(url, FROM_SOURCE ? options : { ...options, execArgv: [] });
}
