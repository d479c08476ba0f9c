import { detectAssignments, NAME_HINTS } from './assignments.js';
import { detectPrivateKeys, detectUrlPasswords } from './blocks.js';
import { COMMAND_HINTS, detectCommandPasswords, detectUserOptions } from './command-options.js';
import { detectTokens, TOKEN_KINDS, TOKEN_TRIGGERS } from './token-patterns.js';
import { compileTriggers } from './triggers.js';
import type { CredentialKind, CredentialSpan } from './types.js';

/**
 * The one credential detector: redaction masks what it finds, and the proposal check refuses a file that
 * holds any of it. Deliberately left alone (see test/fixtures/redaction/lookalikes.txt): git SHAs, UUIDs,
 * hashes and `sha512-…` integrity strings, base64 of ordinary data, paths, hex colours, versions, public keys,
 * placeholders, and the words "token"/"password" in prose. There is no entropy-only detector: on Codex logs
 * it would mostly hide hashes.
 */

/** Specificity order: when spans overlap they merge, and the most specific kind names the result. */
const KIND_ORDER: CredentialKind[] = [
  'private_key',
  ...TOKEN_KINDS.filter((kind) => kind !== 'bearer_token'),
  'aws_secret_key',
  'url_password',
  'password',
  'authorization',
  'bearer_token',
  'secret',
];
const KIND_RANK = new Map(KIND_ORDER.map((kind, rank) => [kind, rank]));

/** Shortest text that can hold any detected secret (`sk_live_` + 16, a header, `PASS=abc`). */
const MIN_SECRET_TEXT = 6;

/**
 * Every credential in `text`, as non-overlapping spans in text order. A value split by a `\` line continuation
 * (YAML double quotes, shell) is found as a reader joins it, and its span covers the pieces in `text`.
 * (Zero-width characters inside a value are not joined: the proposal check refuses them as hidden text.)
 */
export function findCredentials(text: string): CredentialSpan[] {
  if (text.length < MIN_SECRET_TEXT) return [];
  const found: CredentialSpan[] = [];
  detectAll(text, found);
  // Most text holds no backslash at all: one search rules both line-break forms out.
  if (text.includes('\\') && (text.includes('\\\n') || text.includes('\\\r\n'))) findJoined(text, found);
  return mergeSpans(found);
}

/**
 * The words the other detectors start from: the secret words of names (`PRIVATE KEY` holds `key`; `pass:`,
 * `sshpass` and `--password` hold `pass`) and the commands that take passwords.
 */
const NAMED_TRIGGERS = [...NAME_HINTS, ...COMMAND_HINTS].map((literal) => ({ literal, anyCase: true }));
const NAMED = compileTriggers(NAMED_TRIGGERS);
/** One scan for every trigger of every detector but the two cheap literal checks: most text holds none. */
const ANY_TRIGGER = compileTriggers([...TOKEN_TRIGGERS, ...NAMED_TRIGGERS]);

function detectAll(text: string, found: CredentialSpan[]): void {
  detectUrlPasswords(text, found);
  detectUserOptions(text, found);
  if (!ANY_TRIGGER.test(text)) return;
  detectTokens(text, found);
  if (!NAMED.test(text)) return;
  detectPrivateKeys(text, found);
  detectCommandPasswords(text, found);
  detectAssignments(text, found);
}

/** What a reader drops when joining: `\` then a line break and the next line's indent. */
const JOINER = /\\\r?\n[ \t]*/g;

/** Detects in the joined text and maps each span back onto the pieces it was joined from. */
function findJoined(text: string, found: CredentialSpan[]): void {
  // Each cut: where it falls in the joined text, and how many characters were dropped up to and including it.
  const cutsAt: number[] = [];
  const dropped: number[] = [];
  let joined = '';
  let from = 0;
  let total = 0;
  JOINER.lastIndex = 0;
  for (let m = JOINER.exec(text); m !== null; m = JOINER.exec(text)) {
    joined += text.slice(from, m.index);
    total += m[0].length;
    cutsAt.push(joined.length);
    dropped.push(total);
    from = m.index + m[0].length;
  }
  joined += text.slice(from);
  const toOriginal = (at: number): number => {
    let lo = 0;
    let hi = cutsAt.length;
    // Cuts at or before `at` (binary search): their dropped characters come before it in `text`.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cutsAt[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return at + (lo === 0 ? 0 : dropped[lo - 1]!);
  };
  const inJoined: CredentialSpan[] = [];
  detectAll(joined, inJoined);
  for (const span of inJoined) {
    found.push({ kind: span.kind, start: toOriginal(span.start), end: toOriginal(span.end - 1) + 1 });
  }
}

function rankOf(kind: CredentialKind): number {
  return KIND_RANK.get(kind) ?? KIND_ORDER.length;
}

/** Overlapping spans become one, so no part of any detected value survives. */
function mergeSpans(spans: CredentialSpan[]): CredentialSpan[] {
  if (spans.length <= 1) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: CredentialSpan[] = [];
  let current = { ...spans[0]! };
  for (let i = 1; i < spans.length; i++) {
    const next = spans[i]!;
    if (next.start < current.end) {
      if (next.end > current.end) current.end = next.end;
      if (rankOf(next.kind) < rankOf(current.kind)) current.kind = next.kind;
    } else {
      merged.push(current);
      current = { ...next };
    }
  }
  merged.push(current);
  return merged;
}
