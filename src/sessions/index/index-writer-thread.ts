import { parentPort, workerData } from 'node:worker_threads';
import { describeError, type ThreadError } from '../thread-error.js';
import { type IndexDb, openIndexDbForWriting } from './index-db.js';
import { type ScannedText, saveTextBatch } from './index-save.js';

/** Writer thread of a large reading of search text: saves the batches the parsing threads send, one transaction each. */
export type WriterRequest = { batch: ScannedText[] } | { close: true };
export type WriterReply = { saved: number } | { error: ThreadError };

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
    port.postMessage({ saved: saveTextBatch(db, request.batch) } satisfies WriterReply);
  } catch (error) {
    port.postMessage({ error: describeError(error) } satisfies WriterReply);
  }
});
