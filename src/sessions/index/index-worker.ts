import { parentPort } from 'node:worker_threads';
import { scanRollout } from '../scan/scan.js';
import { runScanJob, type ScanJob } from './index-scan.js';

/** Worker thread of the scan pool: parses rollouts so a cold index uses every core. */
parentPort?.on('message', async (message: { id: number; job: ScanJob }) => {
  const outcome = await runScanJob(scanRollout, message.job);
  parentPort?.postMessage({ id: message.id, outcome });
});
