import { assertId } from '../../ids.js';
import type { Pricer } from '../../pricing/cost.js';
import { redactText } from '../../redact/index.js';
import type { IndexedFile } from '../index/index-db.js';
import type { Candidate } from '../index/index-filter.js';
import { readForkParents } from '../own-threads.js';
import { readOwnTurns } from '../own-turns.js';
import { markOwnTurns } from '../own-turns-mark.js';
import type { IndexProgress } from '../progress.js';
import type { readSession } from '../scan/scan.js';
import { readThreadNames } from '../scan/thread-names.js';
import { linkSubagents, noSubagents, type SubagentTree } from '../subagents.js';
import type { Transcript } from '../transcript/transcript.js';
import type { SessionDetail } from '../types.js';

/** What reading one session's transcript takes. */
export interface TranscriptSource {
  codexHome: string;
  /** codex-retro's own records: the turns it added are marked. */
  stateDir: string;
  pricer: Pricer;
  scanner: { readSession: typeof readSession };
  onProgress: ((progress: IndexProgress) => void) | undefined;
  /** Every session of the home, the index brought up to date first. */
  candidates(): Promise<{ candidates: Candidate[] }>;
}

/** The indexed file of session `id` and its subagents, or null when the home has no such session. */
export async function findSession(
  source: TranscriptSource,
  id: string,
): Promise<{ row: IndexedFile; subagents: SubagentTree } | null> {
  assertId('session', id);
  const { candidates } = await source.candidates();
  const row = candidates.find((candidate) => candidate.summary.id === id)?.row;
  if (!row) return null;
  const tree = linkSubagents(candidates.map((c) => c.summary)).get(id);
  return { row, subagents: tree ?? noSubagents() };
}

/** A session's whole transcript, priced and titled, codex-retro's own turns marked. */
export async function readDetail(
  source: TranscriptSource,
  { path, archived }: { path: string; archived: boolean },
  subagents?: SubagentTree,
): Promise<SessionDetail> {
  const scanned = await source.scanner.readSession(path, { archived });
  const detail: SessionDetail = {
    ...scanned,
    metadata: { ...scanned.metadata, cost: source.pricer.price(scanned.metadata.tokens_by_model) },
  };
  const name = (await readThreadNames(source.codexHome)).names.get(detail.id);
  if (name) detail.metadata.title = redactText(name);
  if (subagents) detail.metadata.subagents = subagents;
  detail.metadata.forked_from_id = readForkParents(source.stateDir)(detail.metadata.forked_from_id);
  const records = readOwnTurns(source.stateDir).turns.get(detail.id);
  if (records) markOwnTurns(detail, records);
  return detail;
}

/** Session `id`'s transcript read in parts (see transcript/transcript.ts), or null when there is no such session. */
export async function openSessionTranscript(
  source: TranscriptSource,
  id: string,
): Promise<Transcript | null> {
  const found = await findSession(source, id);
  if (!found) return null;
  const { row, subagents } = found;
  const { openTranscript } = await import('../transcript/transcript.js');
  const scanned = await openTranscript(row.path, {
    archived: row.archived,
    ownTurns: readOwnTurns(source.stateDir).turns.get(id) ?? [],
    onProgress: (bytesDone, bytesTotal) =>
      source.onProgress?.({ done: 0, total: 1, bytesDone, bytesTotal, phase: 'transcript' }),
  });
  const transcript: Transcript = {
    ...scanned,
    metadata: { ...scanned.metadata, cost: source.pricer.price(scanned.metadata.tokens_by_model) },
  };
  const name = (await readThreadNames(source.codexHome)).names.get(transcript.id);
  if (name) transcript.metadata.title = redactText(name);
  transcript.metadata.subagents = subagents;
  transcript.metadata.forked_from_id = readForkParents(source.stateDir)(transcript.metadata.forked_from_id);
  return transcript;
}
