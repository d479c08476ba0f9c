import { applyRecord } from '../normalize/normalize.js';
import { createState, type EntrySink } from '../normalize/normalize-state.js';
import { noCuts } from '../normalize/normalize-text.js';
import { splitConcatenatedJson } from '../scan/partial-json.js';
import { classifyValue } from '../scan/records.js';
import type { EntryKind, EntryRole, SnippetSegment, TranscriptEntry } from '../types.js';
import { findVisible } from './literal-match.js';

/** Where a literal search found its text: the entry a person would see it in. */
export interface LiteralHit {
  kind: EntryKind;
  role: EntryRole;
  snippet: string;
  segments: SnippetSegment[];
  /** The entry's rollout line (`TranscriptEntry.line`). */
  line: number;
}

/**
 * Whether one rollout line shows `query` to a person: the line is decoded and normalized on its own, as the
 * transcript would show it, whole (no text is cut), and the query must appear outside every secret in the
 * text of a prompt, reply, reasoning summary, tool call (its command or arguments) or tool output. Injected
 * context (instructions, environment) is not searched, as the index does not search it.
 */
export function confirmLine(bytes: Buffer, firstLine: boolean, query: string): LiteralHit | null {
  const values = decodeValues(bytes.toString('utf8'));
  if (values === null) return null;
  const entries: TranscriptEntry[] = [];
  const state = createState(false);
  const sink = collectingSink(entries);
  for (const value of values) {
    const record = classifyValue(value, firstLine && state.values === 0, state.hints);
    state.values++;
    if (record.kind === 'unknown') continue;
    // Its number is counted by the caller, once the line is a hit.
    applyRecord(state, sink, record, { line: 0, ts: record.ts, cuts: noCuts });
  }
  return findInEntries(entries, query);
}

/** The first entry that shows `query`, or null. */
export function findInEntries(entries: Iterable<TranscriptEntry>, query: string): LiteralHit | null {
  for (const entry of entries) {
    if (entry.kind === 'context') continue;
    const found =
      findVisible(entry.content, query) ??
      (entry.tool?.arguments !== undefined ? findVisible(entry.tool.arguments, query) : null);
    if (found) return { kind: entry.kind, role: entry.role, ...found, line: entry.line };
  }
  return null;
}

/** A line's JSON values: one, or several written back to back (0.8.0 after a resume); null when it is not JSON. */
function decodeValues(text: string): unknown[] | null {
  try {
    return [JSON.parse(text)];
  } catch {
    return text.trim() === '' ? null : splitConcatenatedJson(text.trim());
  }
}

/** Keeps every entry as decoded: the match check masks secrets itself, so the normalizer need not redact. */
function collectingSink(entries: TranscriptEntry[]): EntrySink {
  return {
    maxChars: null,
    keepsArguments: true,
    keepsText: () => false,
    add: (_handle, entry) => {
      entries.push(entry);
    },
    settlePatch() {},
    remove: () => false,
    reclassify() {},
    turn() {},
  };
}
