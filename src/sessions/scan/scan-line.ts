import { applyRecord } from '../normalize/normalize.js';
import { type EntrySink, type NormalizerState, recordIssue } from '../normalize/normalize-state.js';
import { type CutLookup, lookupCuts } from '../normalize/normalize-text.js';
import { decodeLine, isSkippableLine, type RawLine } from '../read/line-reader.js';
import type { ParseIssue } from '../types.js';
import { classifyValue, type RolloutRecord } from './records.js';

/** One line of a rollout into the normalizer, as every scan reads it: decoded whole, every era's shapes. */

/** A scan of one file in progress. */
export interface Run {
  state: NormalizerState;
  offset: number;
  line: number;
  /** Issues of this run only (torn lines are not kept in the state: the line is read again). */
  issues: ParseIssue[];
  itemHashes?: string[];
  /** Fingerprint of the bytes before `offset` (JSONL), taken while the file was open. */
  fingerprint?: string;
  /** Offset after which the scan stops at the next line boundary (scans in slices). */
  stopAt?: number;
  /** Started from a checkpoint. */
  continued?: true;
}

/**
 * Keys whose text no view uses, left empty when a line is too long to decode whole: the base instructions
 * Codex writes into every session's first line (~20 KB; only their presence tells the era).
 */
const UNREAD_KEYS: ReadonlySet<string> = new Set(['base_instructions']);

export function addIssue(run: Run, issue: ParseIssue): void {
  run.issues.push(issue);
  if (issue.kind !== 'torn_last_line') recordIssue(run.state.issues, issue);
}

/** Applies one record; a record of an unknown shape is counted, never fatal. */
export function applyToRun(
  run: Run,
  sink: EntrySink,
  record: RolloutRecord,
  line: number,
  cuts: CutLookup,
): void {
  if (record.kind === 'unknown') {
    addIssue(run, { kind: 'unknown_line', line: line + 1, message: `${record.name}: ${record.reason}` });
    return;
  }
  applyRecord(run.state, sink, record, { line, ts: record.ts, cuts });
}

/**
 * Reads one physical line (`skippable` when another thread already looked). False when the scan must stop
 * before it: an unfinished last line, read again once the file grows.
 */
export function applyLine(run: Run, sink: EntrySink, raw: RawLine & { skippable?: boolean }): boolean {
  const lineNo = raw.index + 1;
  if (raw.skippable ?? (raw.terminated && isSkippableLine(raw.head))) {
    run.offset = raw.offset + raw.bytes + 1;
    run.line = lineNo;
    return true;
  }
  const decoded = decodeLine(
    raw,
    () =>
      addIssue(run, { kind: 'invalid_utf8', line: lineNo, message: 'Invalid UTF-8 bytes were replaced.' }),
    UNREAD_KEYS,
  );
  if (!raw.terminated && (decoded === 'malformed' || (decoded !== 'empty' && !decoded.complete))) {
    addIssue(run, {
      kind: 'torn_last_line',
      line: lineNo,
      message: 'The last line is incomplete (still being written?).',
    });
    return false;
  }
  run.offset = raw.offset + raw.bytes + (raw.terminated ? 1 : 0);
  run.line = lineNo;
  if (decoded === 'empty') return true;
  if (decoded === 'malformed') {
    addIssue(run, { kind: 'malformed_line', line: lineNo, message: 'The line is not valid JSON.' });
    return true;
  }
  const cuts = lookupCuts(decoded.cuts);
  for (const value of decoded.values) {
    const record = classifyValue(value, run.state.values === 0, run.state.hints);
    run.state.values++;
    applyToRun(run, sink, record, raw.index, cuts);
  }
  return true;
}
