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
