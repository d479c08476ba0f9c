import { parentPort, workerData } from 'node:worker_threads';
import { describeError, type ThreadError } from '../thread-error.js';
import { type IndexDb, openIndexDbForWriting } from './index-db.js';
import { type SaveTally, type Scanned, saveBatch } from './index-save.js';

/** Writer thread of a large sync: saves the batches the parsing threads send, one transaction each. */
export type WriterRequest = { batch: Scanned[] } | { close: true };
export type WriterReply = { tally: SaveTally } | { error: ThreadError };

const { file, parserVersion } = workerData as { file: string; parserVersion: number };
const port = parentPort;
let db: IndexDb | null = null;

port?.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    db?.close();
    port.close();
    return;
  }
  try {
    db ??= openIndexDbForWriting(file, parserVersion);
    const tally: SaveTally = { scanned: 0, continued: 0, failures: [] };
    saveBatch(db, request.batch, tally);
    port.postMessage({ tally } satisfies WriterReply);
  } catch (error) {
    port.postMessage({ error: describeError(error) } satisfies WriterReply);
  }
});
