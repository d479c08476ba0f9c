import { findCredentials } from './find-credentials.js';
import { classifyKeyName, isPlaceholderValue } from './key-names.js';

/**
 * Credential masking for every output path: whatever is shown, stored, indexed or sent to Codex passes
 * through here. A found value becomes `[REDACTED:kind]`.
 */
export function redactText(text: string): string {
  const spans = findCredentials(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += `${text.slice(at, span.start)}[REDACTED:${span.kind}]`;
    at = span.end;
  }
  return out + text.slice(at);
}

/** Characters a credential is made of: a run of them where a text was cut may be the start of one. */
function isCredentialChar(c: number): boolean {
  // A-Z a-z 0-9 _ - + / = . ~ %
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 45 ||
    c === 43 ||
    c === 47 ||
    c === 61 ||
    c === 46 ||
    c === 126 ||
    c === 37
  );
}

/** Shorter runs are kept: seven characters of a key tell nothing of it, and most cut words are shorter. */
const CUT_RUN = 8;

/**
 * Redacts `head`, the start of a longer text, and keeps at most `keep` characters of the result. A credential
 * cut short is no longer recognisable (`ghp_Xk2Lm9Qw4…`), so a run of credential characters the cut ends in
 * goes too.
 */
export function redactHead(head: string, keep = Number.POSITIVE_INFINITY): string {
  const redacted = redactText(head);
  const end = Math.min(redacted.length, keep);
  let start = end;
  while (start > 0 && isCredentialChar(redacted.charCodeAt(start - 1))) start--;
  return redacted.slice(0, end - start >= CUT_RUN ? start : end);
}

/**
 * A copy of `value` with every string redacted. A string stored under a secret-looking key
 * (`{ "GITHUB_TOKEN": "…" }`) is masked whole even when the string alone looks harmless. Members named in
 * `kept` are copied as they are, at any depth (identifiers and opaque blobs a reader needs intact).
 */
export function redactDeep<T>(value: T, kept?: ReadonlySet<string>): T {
  return redactValue(value, null, kept) as T;
}

function redactValue(value: unknown, key: string | null, kept: ReadonlySet<string> | undefined): unknown {
  if (typeof value === 'string') return redactKeyedString(value, key);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, null, kept));
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // A member named `__proto__` (JSON.parse makes one) stays a member, as every other does.
      Object.defineProperty(out, k, {
        value: kept?.has(k) ? v : redactValue(v, k, kept),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
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
