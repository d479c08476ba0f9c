import { detectAssignments } from './assignments.js';
import { detectPrivateKeys, detectUrlPasswords, detectUserOptions } from './blocks.js';
import { classifyKeyName, isPlaceholderValue } from './key-names.js';
import { detectTokens, TOKEN_KINDS } from './token-patterns.js';
import type { SecretSpan } from './types.js';

/**
 * Credential masking for every output path: whatever is shown, stored, indexed or sent to Codex
 * passes through here. A found value becomes `[REDACTED:kind]`.
 *
 * Deliberately left alone (see test/fixtures/redaction/lookalikes.txt): git SHAs, UUIDs, hashes and
 * `sha512-…` integrity strings, base64 of ordinary data, paths, hex colours, versions, and the words
 * "token"/"password" in prose. There is no entropy-only detector: on Codex logs it would mostly hide hashes.
 */

/** Specificity order: when spans overlap they merge, and the most specific kind names the result. */
const KIND_ORDER = [
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

export function findSecrets(text: string): SecretSpan[] {
  if (text.length < MIN_SECRET_TEXT) return [];
  const found: SecretSpan[] = [];
  detectPrivateKeys(text, found);
  detectTokens(text, found);
  detectUrlPasswords(text, found);
  detectUserOptions(text, found);
  detectAssignments(text, found);
  return mergeSpans(found);
}

function rankOf(kind: string): number {
  return KIND_RANK.get(kind) ?? KIND_ORDER.length;
}

/** Overlapping spans become one, so no part of any detected value survives. */
function mergeSpans(spans: SecretSpan[]): SecretSpan[] {
  if (spans.length <= 1) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
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

export function redactText(text: string): string {
  const spans = findSecrets(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += `${text.slice(at, span.start)}[REDACTED:${span.kind}]`;
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * A copy of `value` with every string redacted. A string stored under a secret-looking key
 * (`{ "GITHUB_TOKEN": "…" }`) is masked whole even when the string alone looks harmless.
 */
export function redactDeep<T>(value: T): T {
  return redactValue(value, null) as T;
}

function redactValue(value: unknown, key: string | null): unknown {
  if (typeof value === 'string') return redactKeyedString(value, key);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, null));
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function redactKeyedString(value: string, key: string | null): string {
  const redacted = redactText(value);
  if (key === null || redacted !== value) return redacted;
  const kind = classifyKeyName(key);
  if (kind === null || isPlaceholderValue(value)) return value;
  if (kind === 'authorization') {
    const scheme = /^(?:Bearer|Basic|Token|Digest|Bot|bearer|basic|token)[ \t]+/.exec(value)?.[0] ?? '';
    return `${scheme}[REDACTED:authorization]`;
  }
  return `[REDACTED:${kind}]`;
}
