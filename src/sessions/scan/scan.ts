import { hash } from 'node:crypto';
import { closeSync, openSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import { settleUnconfirmed, unconfirmedCount } from '../normalize/normalize-messages.js';
import { createState, type EntrySink, type NormalizerState } from '../normalize/normalize-state.js';
import { noCuts } from '../normalize/normalize-text.js';
import { createTokenState, totalTokens } from '../normalize/normalize-tokens.js';
import { finishTurns } from '../normalize/normalize-turns.js';
import { tokensByModel } from '../normalize/usage-slots.js';
import { fingerprintFd, fingerprintFile } from '../read/fingerprint.js';
import { type RawLine, type ReadLinesOptions, readLines, SCAN_LINE_LIMITS } from '../read/line-reader.js';
import type { FileLines } from '../read/read-ahead.js';
import type {
  EntryKind,
  EntryRole,
  ParseIssue,
  ParseIssueReport,
  ScannedDetail,
  ScannedMetadata,
  TranscriptEntry,
  TurnInfo,
} from '../types.js';
import { PARSER_VERSION } from './parser-version.js';
import { classifyItem, classifyValue, describeEra } from './records.js';
import { addIssue, applyLine, applyToRun, type Run } from './scan-line.js';
import { createSummarySink, summarizeJsonl } from './scan-summary.js';

/** Where an incremental scan stopped: resume here when the file grows. JSON-serializable (stored in the index cache). */
export interface ScanCheckpoint {
  parser_version: number;
  offset: number;
  line: number;
  state: unknown;
  /** Written by the session list's scan, whose state holds the session's facts only (continued by it alone). */
  summary?: true;
}
/** Searchable text found since the previous checkpoint, already redacted. */
interface SearchDoc {
  line: number;
  kind: EntryKind;
  role: EntryRole;
  ts: string | null;
  text: string;
}
export interface ScanResult {
  /** Everything the session list needs; `archived`/`path` are filled by the caller. */
  metadata: ScannedMetadata;
  checkpoint: ScanCheckpoint;
  docs: SearchDoc[];
  /** New issues found in this scan (the caller accumulates). */
  issues: ParseIssue[];
  /** Era A (.json) only: a hash per item, so the store can drop files whose items are a prefix of another file's. */
  item_hashes?: string[];
  /** Fingerprint of the bytes before `checkpoint.offset` (see fingerprint.ts), when the parser took it. */
  fingerprint?: string;
  /** The scan went on from `from` (else it read the file from the start: that checkpoint did not fit). */
  continued: boolean;
}

export { PARSER_VERSION };

interface ScanOptions {
  from?: ScanCheckpoint;
  maxDocChars?: number;
  /**
   * Stop at the first line boundary after reading about this many bytes: the checkpoint says where,
   * and a scan `from` it continues. Keeps the docs of one call bounded on multi-gigabyte rollouts.
   */
  maxBytes?: number;
  /** Called as bytes are read, for progress display. */
  onProgress?: (bytesRead: number) => void;
  /** The file's lines, read ahead by another thread (used when they start where this scan does). */
  lines?: FileLines;
  /**
   * What the session list needs only, no search text (scan-summary.ts): the metadata is the same, read faster.
   * Continues only a checkpoint of such a scan.
   */
  summary?: boolean;
}

/** The faithful read keeps lines whole up to this size; larger ones are giant payloads. */
const READ_LINE_LIMITS = { headCap: 2 * 1024 * 1024, tailCap: 64 * 1024 };
/** Era A files are single JSON documents, read whole up to this size. */
const MAX_JSON_DOC = 32 * 1024 * 1024;
const DEFAULT_DOC_CHARS = 4000;
/** Bytes parsed between turns of the event loop. */
const YIELD_BYTES = 16 * 1024 * 1024;

const SESSION_ID_IN_NAME = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl?$/i;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function reportReadError(run: Run, error: unknown): void {
  const code = errorCode(error);
  if (code === 'ENOENT')
    addIssue(run, { kind: 'vanished', message: 'The file disappeared while it was being read.' });
  else addIssue(run, { kind: 'read_error', message: `Could not read the file (${code ?? String(error)}).` });
}

/**
 * Reads the lines after the run's offset, then fingerprints what was read through the same descriptor.
 * `source`: the same lines read ahead by another thread, used when they start where the run does (then
 * returns true).
 */
async function runJsonl(
  run: Run,
  path: string,
  sink: EntrySink,
  limits: ReadLinesOptions,
  source: FileLines | undefined,
): Promise<boolean> {
  if (source && source.start === run.offset && source.startLine === run.line) {
    await readJsonl(run, source.lines(), sink);
    run.fingerprint = source.fingerprint(run.offset) ?? fingerprintFile(path, run.offset);
    return true;
  }
  const fd = openSync(path, 'r');
  try {
    await readJsonl(run, readLines(fd, { ...limits, start: run.offset, startLine: run.line }), sink);
    run.fingerprint = fingerprintFd(fd, run.offset);
    return false;
  } finally {
    closeSync(fd);
  }
}

async function readJsonl(
  run: Run,
  lines: Iterable<RawLine & { skippable?: boolean }>,
  sink: EntrySink,
): Promise<void> {
  let yieldAt = run.offset + YIELD_BYTES;
  for (const raw of lines) {
    if (run.stopAt !== undefined && run.offset >= run.stopAt) return;
    if (raw.offset >= yieldAt) {
      // Reads are synchronous: let other work on this thread (requests, other scans) run now and then.
      await setImmediate();
      yieldAt = raw.offset + YIELD_BYTES;
    }
    if (!applyLine(run, sink, raw)) return;
  }
}

function hashItem(item: unknown): string {
  return hash('sha1', JSON.stringify(item), 'hex').slice(0, 16);
}

/** Era A: one JSON document `{session:{timestamp,id,instructions}, items:[…]}`. */
async function runJsonDocument(run: Run, path: string, sink: EntrySink): Promise<void> {
  const size = (await stat(path)).size;
  run.offset = size;
  if (size > MAX_JSON_DOC) {
    addIssue(run, {
      kind: 'oversize_line',
      line: 1,
      message: `The session document is ${size} bytes; only ${MAX_JSON_DOC} are read.`,
    });
    return;
  }
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    addIssue(run, { kind: 'malformed_line', line: 1, message: 'The session document is not valid JSON.' });
    return;
  }
  const { session, items } = (doc ?? {}) as { session?: unknown; items?: unknown };
  if (session && typeof session === 'object') {
    applyToRun(run, sink, classifyValue(session, true, run.state.hints), 0, noCuts);
  }
  const list = Array.isArray(items) ? items : [];
  run.itemHashes = list.map(hashItem);
  list.forEach((item, index) => {
    applyToRun(run, sink, classifyItem(item, null, run.state.hints), index, noCuts);
  });
  run.line = list.length;
}

/** The session list's reading of the lines after the run's offset (scan-summary.ts), fingerprinted after. */
async function runSummary(run: Run, path: string, sink: EntrySink, limits: ReadLinesOptions): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    await summarizeJsonl(run, fd, sink, limits.onProgress);
    run.fingerprint = fingerprintFd(fd, run.offset);
  } finally {
    closeSync(fd);
  }
}

async function runFile(
  run: Run,
  path: string,
  sink: EntrySink,
  limits: ReadLinesOptions,
  source?: FileLines,
): Promise<void> {
  let readAhead = false;
  try {
    if (run.state.json) await runJsonDocument(run, path, sink);
    else if (sink.summaryOnly) await runSummary(run, path, sink, limits);
    else readAhead = await runJsonl(run, path, sink, limits, source);
  } catch (error) {
    reportReadError(run, error);
    return;
  }
  try {
    // Still there? The reading thread looked just after reading; else look now, synchronously like the
    // reads (a thread-pool hop per file costs more than the call).
    if (readAhead) source?.checkStillThere();
    else statSync(path);
  } catch (error) {
    reportReadError(run, error);
  }
}

function cloneIssues(report: ParseIssueReport, transient: ParseIssue[]): ParseIssueReport {
  const copy: ParseIssueReport = { counts: { ...report.counts }, examples: [...report.examples] };
  for (const issue of transient) {
    if (issue.kind !== 'torn_last_line') continue;
    copy.counts.torn_last_line = (copy.counts.torn_last_line ?? 0) + 1;
    copy.examples.push(issue);
  }
  return copy;
}

function buildMetadata(run: Run, path: string): ScannedMetadata {
  const { state } = run;
  const m = state.meta;
  return {
    ...m,
    id: m.id || SESSION_ID_IN_NAME.exec(path)?.[1]?.toLowerCase() || '',
    title: m.title || state.inherited_title || '',
    // As if the file ended here: a user-role item still without its event is not counted as typed.
    user_messages: m.user_messages - unconfirmedCount(state),
    era: describeEra(state.hints, state.json),
    model: m.model ?? 'unknown',
    models: [...m.models],
    turns: state.turns,
    tokens: totalTokens(state.tokens),
    tokens_by_model: tokensByModel(state.tokens.slots),
    usage_slots: structuredClone(state.tokens.slots),
    parse_issues: cloneIssues(state.issues, run.issues),
    subagents: { count: 0, descendants: 0, tokens: totalTokens(createTokenState()), sessions: [] },
    codex_retro_turns: 0,
  };
}

/** A checkpoint this parser wrote in this mode, for this file as it is now (not truncated or rewritten since). */
function isUsableCheckpoint(from: ScanCheckpoint, size: number | null, summary: boolean): boolean {
  const state = from.state as Partial<NormalizerState> | null;
  return (
    from.parser_version === PARSER_VERSION &&
    (from.summary === true) === summary &&
    Number.isSafeInteger(from.offset) &&
    Number.isSafeInteger(from.line) &&
    (size === null || from.offset <= size) &&
    typeof state === 'object' &&
    state !== null &&
    typeof state.meta === 'object' &&
    Array.isArray(state.calls) &&
    typeof state.next_handle === 'number'
  );
}

async function startRun(path: string, from: ScanCheckpoint | undefined, summary = false): Promise<Run> {
  const json = path.endsWith('.json');
  if (from && !json) {
    const size = await stat(path).then(
      (s) => s.size,
      () => null,
    );
    if (isUsableCheckpoint(from, size, summary)) {
      return {
        state: structuredClone(from.state) as NormalizerState,
        offset: from.offset,
        line: from.line,
        issues: [],
        continued: true,
      };
    }
  }
  return { state: createState(json), offset: 0, line: 0, issues: [] };
}

/** Fast summary scan. `from` continues an earlier scan of a file that grew (only bytes after from.offset are read). */
export async function scanRollout(path: string, options: ScanOptions = {}): Promise<ScanResult> {
  const summary = options.summary === true;
  const run = await startRun(path, options.from, summary);
  const base = run.state.next_handle;
  const docs = new Map<number, SearchDoc>();
  const sink: EntrySink = summary
    ? createSummarySink(base)
    : {
        maxChars: options.maxDocChars ?? DEFAULT_DOC_CHARS,
        keepsArguments: false,
        // Inherited entries stay redacted: a forked session's title is taken from them.
        keepsText: (entry) => entry.kind !== 'context',
        add(handle, entry) {
          if (entry.kind === 'context' || entry.inherited || entry.content === '') return;
          const text =
            entry.kind === 'tool_call' && entry.tool?.name
              ? `${entry.tool.name}: ${entry.content}`
              : entry.content;
          docs.set(handle, { line: entry.line, kind: entry.kind, role: entry.role, ts: entry.ts, text });
        },
        settlePatch() {},
        remove(handle) {
          if (handle < base) return false;
          docs.delete(handle);
          return true;
        },
        reclassify(handle) {
          docs.delete(handle);
        },
        turn() {},
      };
  if (options.maxBytes !== undefined) run.stopAt = run.offset + options.maxBytes;
  const limits: ReadLinesOptions = { ...SCAN_LINE_LIMITS };
  if (options.onProgress) limits.onProgress = options.onProgress;
  await runFile(run, path, sink, limits, options.lines);
  const checkpoint: ScanCheckpoint = {
    parser_version: PARSER_VERSION,
    offset: run.offset,
    line: run.line,
    state: run.state,
  };
  if (summary) checkpoint.summary = true;
  const result: ScanResult = {
    metadata: buildMetadata(run, path),
    checkpoint,
    docs: [...docs.values()],
    issues: run.issues,
    continued: run.continued === true,
  };
  if (run.itemHashes) result.item_hashes = run.itemHashes;
  if (run.fingerprint !== undefined) result.fingerprint = run.fingerprint;
  return result;
}

/** A full read of one rollout in progress: where it is, and what the normalizer remembers. */
export type TranscriptRun = Run;

/**
 * Starts a full read of a rollout at its start, or at a point an earlier full read of the same bytes passed
 * (`from`, its offset, line and state then); a `from` this parser cannot continue starts over.
 */
export function startTranscriptRun(path: string, from?: ScanCheckpoint): Promise<TranscriptRun> {
  return startRun(path, from);
}

/**
 * Reads the rollout's next lines into `sink` (redacted, whole, as `readSession` keeps them): all of them, or up
 * to the first line boundary at or after `stopAt`. Returns whether any line was read.
 */
export async function readTranscriptLines(
  run: TranscriptRun,
  path: string,
  sink: EntrySink,
  stopAt?: number,
): Promise<boolean> {
  // An era A document is read whole at once: a second call would read it again.
  if (run.state.json && run.offset > 0) return false;
  const before = run.offset;
  run.stopAt = stopAt;
  await runFile(run, path, sink, { ...READ_LINE_LIMITS });
  return run.offset > before;
}

/** Ends a full read: an open turn is reported, unconfirmed user-role items become context; the metadata. */
export function finishTranscriptRun(
  run: TranscriptRun,
  path: string,
  sink: EntrySink,
  archived: boolean,
): ScannedDetail['metadata'] {
  finishTurns(run.state, sink);
  settleUnconfirmed(run.state, sink);
  return { ...buildMetadata(run, path), archived, path };
}

/** Full, ordered, redacted transcript with metadata (metadata.parse_issues filled). `archived` is passed through. */
export async function readSession(
  path: string,
  options: { archived?: boolean } = {},
): Promise<ScannedDetail> {
  const run = await startRun(path, undefined);
  const entries = new Map<number, TranscriptEntry>();
  const turns: TurnInfo[] = [];
  const sink: EntrySink = {
    maxChars: null,
    keepsArguments: true,
    keepsText: () => true,
    add(handle, entry) {
      entries.set(handle, entry);
    },
    settlePatch(handle, success) {
      const entry = entries.get(handle);
      if (entry?.patch) entry.patch.success = success;
    },
    remove(handle) {
      return entries.delete(handle);
    },
    reclassify(handle, kind) {
      const entry = entries.get(handle);
      if (entry) entry.kind = kind;
    },
    turn(turn) {
      turns.push(turn);
    },
  };
  await readTranscriptLines(run, path, sink);
  const metadata = finishTranscriptRun(run, path, sink, options.archived ?? false);
  return { id: metadata.id, metadata, messages: [...entries.values()], turns };
}
