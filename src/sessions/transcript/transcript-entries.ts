import { RetroError } from '../../errors.js';
import type { EntrySink } from '../normalize/normalize-state.js';
import { createOwnTurnMarker } from '../own-turns-mark.js';
import { fingerprintFile } from '../read/fingerprint.js';
import { PARSER_VERSION, readTranscriptLines, startTranscriptRun } from '../scan/scan.js';
import type { TranscriptEntry } from '../types.js';
import type { TranscriptCheckpoint, TranscriptIndex } from './transcript-index.js';

/** Bytes read between two batches: what one batch of entries holds at most, about. */
const SLICE_BYTES = 1024 * 1024;

/**
 * Entries `from` (inclusive) to `to` (exclusive) of an indexed transcript, in order, a batch per slice of the
 * rollout read: from the last checkpoint at or before `from`, each entry given what became of it later in the
 * file, so every batch equals the same part of the transcript read whole. A consumer that stops asking stops
 * the reading.
 */
export async function* readTranscriptEntries(
  index: TranscriptIndex,
  from = 0,
  to = index.total,
): AsyncGenerator<TranscriptEntry[]> {
  const until = Math.min(to, index.total);
  if (from >= until) return;
  const checkpoint = findCheckpoint(index.checkpoints, from);
  if (fingerprintFile(index.path, index.end.offset) !== index.fingerprint) throw changed(index.path);
  const run = await startTranscriptRun(
    index.path,
    checkpoint.state === null
      ? undefined
      : {
          parser_version: PARSER_VERSION,
          offset: checkpoint.offset,
          line: checkpoint.line,
          state: JSON.parse(checkpoint.state),
        },
  );
  if (run.offset !== checkpoint.offset) throw changed(index.path);
  const mark = index.ownTurns ? createOwnTurnMarker(index.ownTurns, checkpoint.handle) : null;
  let position = checkpoint.position;
  let batch: TranscriptEntry[] = [];
  const sink: EntrySink = {
    maxChars: null,
    keepsArguments: true,
    keepsText: () => position >= from && position < until,
    add(handle, entry) {
      if (!index.fates.apply(handle, entry)) return;
      mark?.(entry, handle);
      if (position >= from && position < until) batch.push(entry);
      position++;
    },
    // What these say was learned in the first pass (the fates); the normalizer still needs its answer.
    settlePatch() {},
    remove: () => true,
    reclassify() {},
    turn() {},
  };
  while (position < until) {
    const stopAt = Math.min(run.offset + SLICE_BYTES, index.end.offset);
    const read = run.offset < index.end.offset && (await readTranscriptLines(run, index.path, sink, stopAt));
    if (batch.length > 0) {
      const done = batch;
      batch = [];
      yield done;
    }
    if (!read) break;
  }
  if (position < until) throw changed(index.path);
}

/** The last checkpoint before the entry at `position` (ascending positions; the first is the start). */
function findCheckpoint(checkpoints: TranscriptCheckpoint[], position: number): TranscriptCheckpoint {
  let low = 0;
  let high = checkpoints.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((checkpoints[middle] as TranscriptCheckpoint).position <= position) low = middle;
    else high = middle - 1;
  }
  return checkpoints[low] as TranscriptCheckpoint;
}

function changed(path: string): RetroError {
  return new RetroError(
    'session_changed',
    `The rollout ${path} changed while it was read (rewritten, not only added to); open the session again.`,
    { status: 409 },
  );
}
