import type { ScannedDetail, SessionMetadata, TranscriptEntry, TurnInfo } from '../types.js';
import { readTranscriptEntries } from './transcript-entries.js';
import { type IndexOptions, indexTranscript, type TranscriptIndex } from './transcript-index.js';

/**
 * One session's transcript, read in parts: its metadata, turns and length at once, its entries as they are
 * asked for. What `sessions show` streams and the API pages through; a rollout of gigabytes is never held
 * whole (see transcript-index.ts).
 */
export interface Transcript {
  id: string;
  metadata: SessionMetadata;
  turns: TurnInfo[];
  /** How many entries the transcript has. */
  total: number;
  /** Entries `from` (inclusive) to `to` (exclusive, default the end), in order, in batches as they are read. */
  entries(from?: number, to?: number): AsyncGenerator<TranscriptEntry[]>;
}

/** A transcript as the parser reads it, before the store prices it. */
export type ScannedTranscript = Omit<Transcript, 'metadata'> & { metadata: ScannedDetail['metadata'] };

export async function openTranscript(path: string, options: IndexOptions = {}): Promise<ScannedTranscript> {
  return transcriptOf(await indexTranscript(path, options));
}

function transcriptOf(index: TranscriptIndex): ScannedTranscript {
  return {
    id: index.metadata.id,
    metadata: index.metadata,
    turns: index.turns,
    total: index.total,
    entries: (from, to) => readTranscriptEntries(index, from, to),
  };
}

/** Entries `from` to `to` of a transcript, as one array (a page). */
export async function readEntries(
  transcript: Pick<Transcript, 'entries'>,
  from: number,
  to: number,
): Promise<TranscriptEntry[]> {
  const entries: TranscriptEntry[] = [];
  for await (const batch of transcript.entries(from, to)) entries.push(...batch);
  return entries;
}
