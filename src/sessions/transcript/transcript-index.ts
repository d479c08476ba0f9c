import { stat } from 'node:fs/promises';
import type { EntrySink } from '../normalize/normalize-state.js';
import type { OwnTurn } from '../own-turns.js';
import {
  applyOwnTurnCounts,
  type MessageFacts,
  messageFacts,
  type OwnTurnPlan,
  planOwnTurns,
} from '../own-turns-mark.js';
import { fingerprintFile } from '../read/fingerprint.js';
import {
  finishTranscriptRun,
  readTranscriptLines,
  startTranscriptRun,
  type TranscriptRun,
} from '../scan/scan.js';
import type { ScannedDetail, TurnInfo } from '../types.js';
import { Fates } from './fates.js';

/**
 * A transcript without its entries: a first pass over the rollout keeps what the entries need to be shown in
 * order from any point (what became of each, see fates.ts) and, every few megabytes, where the normalizer was
 * (a checkpoint: byte offset, line and state). Entries are then read again from the checkpoint before the
 * ones asked for (transcript-entries.ts), so a page near the end of a gigabyte rollout reads megabytes, and
 * showing the whole transcript holds one slice of it at a time.
 */

export interface TranscriptCheckpoint {
  offset: number;
  line: number;
  /** The handle of the next entry, and how many entries are kept before it. */
  handle: number;
  position: number;
  /** The normalizer's state there as JSON; null at the start of the file. */
  state: string | null;
}

export interface TranscriptIndex {
  path: string;
  /** Where the first pass stopped: lines written after it are not part of this transcript. */
  end: { offset: number; line: number };
  /** Of the bytes before `end.offset`: a rollout replaced since is not read as this one. */
  fingerprint: string;
  /** As the parser reads it: the store adds the cost. */
  metadata: ScannedDetail['metadata'];
  turns: TurnInfo[];
  /** Entries in the transcript. */
  total: number;
  fates: Fates;
  /** Ascending; the first is the start of the file. */
  checkpoints: TranscriptCheckpoint[];
  /** codex-retro's own turns in a session it resumed, when it did. */
  ownTurns: OwnTurnPlan | null;
}

export interface IndexOptions {
  archived?: boolean;
  /** codex-retro's records of prompts it sent into this session. */
  ownTurns?: readonly OwnTurn[];
  /** Bytes between checkpoints: what a page in the middle reads at most before its first entry. */
  checkpointBytes?: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

const CHECKPOINT_BYTES = 4 * 1024 * 1024;

/** Reads the rollout once, keeping no entry text. */
export async function indexTranscript(path: string, options: IndexOptions = {}): Promise<TranscriptIndex> {
  const every = options.checkpointBytes ?? CHECKPOINT_BYTES;
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  const run = await startTranscriptRun(path);
  const fates = new Fates();
  const turns: TurnInfo[] = [];
  const records = options.ownTurns ?? [];
  // Only a session codex-retro resumed needs its messages' facts (and the text of the person's, for their keys).
  const facts: MessageFacts[] | null = records.length > 0 ? [] : null;
  const sink: EntrySink = {
    maxChars: null,
    keepsArguments: false,
    keepsText: (entry) => facts !== null && entry.kind === 'message' && entry.role === 'user',
    add(handle, entry) {
      fates.add(handle);
      if (facts && entry.kind === 'message') facts.push(messageFacts(entry, handle));
    },
    settlePatch: (handle, success) => fates.settlePatch(handle, success),
    remove: (handle) => fates.remove(handle),
    reclassify: (handle) => fates.reclassify(handle),
    turn: (turn) => turns.push(turn),
  };
  const checkpoints: Omit<TranscriptCheckpoint, 'position'>[] = [
    { offset: run.offset, line: run.line, handle: 0, state: null },
  ];
  while (await readTranscriptLines(run, path, sink, run.offset + every)) {
    options.onProgress?.(run.offset, size);
    checkpoints.push(checkpointOf(run));
  }
  const end = { offset: run.offset, line: run.line };
  const metadata = finishTranscriptRun(run, path, sink, options.archived ?? false);
  // The last checkpoint is the end itself: no entry starts there.
  if (checkpoints.length > 1 && checkpoints.at(-1)?.offset === end.offset) checkpoints.pop();
  const positions = fates.keptBefore([...checkpoints.map((c) => c.handle), fates.size]);
  let ownTurns: OwnTurnPlan | null = null;
  if (facts) {
    const messages = facts.filter((f) => fates.kept(f.position) && !fates.reclassified(f.position));
    ownTurns = planOwnTurns(messages, turns, records);
    applyOwnTurnCounts(metadata, ownTurns);
  }
  return {
    path,
    end,
    fingerprint: fingerprintFile(path, end.offset),
    metadata,
    turns,
    total: positions.at(-1) ?? 0,
    fates,
    checkpoints: checkpoints.map((c, i) => ({ ...c, position: positions[i] ?? 0 })),
    ownTurns: ownTurns && ownTurns.prompts_found > 0 ? ownTurns : null,
  };
}

function checkpointOf(run: TranscriptRun): Omit<TranscriptCheckpoint, 'position'> {
  // Entries read from a checkpoint never need the usage by quarter hour (the first pass gave the session's), and
  // on a long session it is most of the state: a checkpoint every 4 MB would keep a copy of it each.
  const { tokens } = run.state;
  const slots = tokens.slots;
  tokens.slots = {};
  try {
    return {
      offset: run.offset,
      line: run.line,
      handle: run.state.next_handle,
      state: JSON.stringify(run.state),
    };
  } finally {
    tokens.slots = slots;
  }
}
