import { classifyKeyName, isCredentialLike, isPlaceholderValue, type SecretKeyKind } from './key-names.js';
import type { Detector, SecretSpan } from './types.js';

/**
 * Secrets named by what holds them: `KEY=value`, `export KEY="value"`, `"key": "value"`, `key: value`
 * (YAML, HTTP headers), `--token=value` / `--token value`, `?access_token=…&`, `Authorization: Bearer …`.
 * Only the value is masked; the name stays so the reader still knows what was there.
 *
 * The scan jumps from one name hint to the next and examines each name once, so it stays linear.
 */
const NAME_HINT = /secret|token|pass|pwd|key|credential|auth|cookie|signature/gi;
const ANY_NAME_HINT = /secret|token|pass|pwd|key|credential|auth|cookie|signature/i;
const AUTH_SCHEME = /(?:Bearer|Basic|Token|Digest|Bot|Negotiate|NTLM|token|bearer|basic)[ \t]+/y;
const MAX_VALUE = 8192;

function isNameChar(c: number): boolean {
  // A-Z a-z 0-9 _ . -
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45
  );
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function isQuote(ch: string | undefined): boolean {
  return ch === '"' || ch === "'" || ch === '`';
}

/** Characters that end an unquoted value. */
const BARE_STOP = new Set([...' \t\n\r"\'`\\,;&)]}<>|([{']);

export const detectAssignments: Detector = (text, found) => {
  if (!ANY_NAME_HINT.test(text)) return;
  NAME_HINT.lastIndex = 0;
  for (let m = NAME_HINT.exec(text); m !== null; m = NAME_HINT.exec(text)) {
    let start = m.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = NAME_HINT.lastIndex;
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    NAME_HINT.lastIndex = end;
    // A value is never a name: resume after it, so no character is scanned twice.
    if (end - start <= 120) NAME_HINT.lastIndex = Math.max(end, scanAssignment(text, start, end, found));
  }
};

/** Returns where the examined value ends (or the name's end when there is no value). */
function scanAssignment(text: string, nameStart: number, nameEnd: number, found: SecretSpan[]): number {
  let dashes = 0;
  while (text[nameStart + dashes] === '-') dashes++;
  const kind = classifyKeyName(text.slice(nameStart + dashes, nameEnd));
  // `scheme://x-access-token:VALUE@host` is a URL user name; the URL detector masks the password.
  if (kind === null || text.startsWith('://', nameStart - 3)) return nameEnd;

  const keyQuoted = isQuote(text[nameStart - 1]);
  let p = nameEnd;
  if (text[p] === '\\' && isQuote(text[p + 1])) p += 2;
  else if (isQuote(text[p])) p++;
  const afterName = p;
  while (isBlank(text[p])) p++;
  const blankBeforeSeparator = p > afterName;

  let separator = text[p];
  if (separator === ':' && text[p + 1] === '=') {
    separator = '=';
    p++;
  }
  if (separator === '=') {
    if (text[p + 1] === '=' || text[p + 1] === '>' || text[p + 1] === '~') return nameEnd;
  } else if (separator === ':') {
    if (text[p + 1] === ':') return nameEnd;
  } else if (dashes >= 1 && blankBeforeSeparator && separator !== undefined && separator !== '-') {
    // `--token VALUE`: the value follows the flag after blanks.
    return pushBare(text, p, kind, 'strict', found);
  } else if (blankBeforeSeparator && isNetrcPassword(text, nameStart, nameEnd)) {
    return pushBare(text, p, kind, 'generous', found);
  } else {
    return nameEnd;
  }
  let q = p + 1;
  while (isBlank(text[q])) q++;

  // `token: "…"` in a sentence is prose quoting something; in code, config, headers and JSON it is a value.
  const prose =
    separator === ':' && !keyQuoted && !startsLine(text, nameStart) && !opensObject(text, nameStart);
  if (kind === 'authorization') return pushAuthorization(text, q, prose, found);
  const keyClosed = afterName > nameEnd;
  if (isQuote(text[q]) || (text[q] === '\\' && isQuote(text[q + 1]))) {
    return pushQuoted(text, q, kind, prose ? 'strict' : 'generous', found);
  }
  let trust: Trust = 'strict';
  if (separator === '=') trust = blankBeforeSeparator ? 'strict' : 'generous';
  // A quoted header name inside a string (`-H "X-Api-Key: v"`) takes its value; a closed quoted key
  // with a bare value is a JS object whose value is code (JSON has no bare strings).
  else if (keyQuoted) trust = keyClosed ? 'strict' : 'generous';
  else if (startsLine(text, nameStart)) trust = 'whole-line';
  return pushBare(text, q, kind, trust, found);
}

/**
 * How sure the context makes us: `generous` (`KEY=value`, quoted keys) takes any real value,
 * `whole-line` (`password: value` starting a line, as in YAML or a header) takes it when nothing but a
 * comment follows on that line (so "Password: see the vault" stays), and otherwise only credential-shaped values.
 */
type Trust = 'generous' | 'whole-line' | 'strict';

/** `machine host login me password VALUE` (.netrc, and the same words on a command line). */
function isNetrcPassword(text: string, nameStart: number, nameEnd: number): boolean {
  if (!/^passw(?:or)?d$/.test(text.slice(nameStart, nameEnd))) return false;
  const lineStart = text.lastIndexOf('\n', nameStart) + 1;
  return /(?:^|\s)(?:login|machine)\s+\S+\s+$/.test(
    text.slice(Math.max(lineStart, nameStart - 300), nameStart),
  );
}

/** `{ token: …` or `, token: …`: a key in an inline object literal. */
function opensObject(text: string, nameStart: number): boolean {
  let i = nameStart - 1;
  while (i >= 0 && isBlank(text[i])) i--;
  return text[i] === '{' || text[i] === ',';
}

/** The name is the first thing on its line, not a word in a sentence. */
function startsLine(text: string, nameStart: number): boolean {
  let i = nameStart - 1;
  while (i >= 0 && (isBlank(text[i]) || text[i] === '-' || text[i] === '#')) i--;
  return i < 0 || text[i] === '\n' || text[i] === '\r';
}

function endsLine(text: string, at: number): boolean {
  let i = at;
  while (isBlank(text[i])) i++;
  return i >= text.length || text[i] === '\n' || text[i] === '\r' || text[i] === '#';
}

function pushBare(text: string, at: number, kind: SecretKeyKind, trust: Trust, found: SecretSpan[]): number {
  let end = at;
  const limit = Math.min(text.length, at + MAX_VALUE);
  while (end < limit && !BARE_STOP.has(text[end]!)) end++;
  // A call or an index (`getToken()`, `env["TOKEN"]`) is code, not a value.
  if (end === at || text[end] === '(' || text[end] === '[') return end;
  const value = text.slice(at, end);
  const ok =
    trust === 'generous' || (trust === 'whole-line' && endsLine(text, end))
      ? !isPlaceholderValue(value)
      : isCredentialLike(value);
  if (ok) found.push({ kind, start: at, end });
  return end;
}

/** Finds the closing quote on the same line; `\"`-style openers close with the same escaped quote. */
function findClosingQuote(text: string, at: number): { start: number; end: number } | null {
  const escaped = text[at] === '\\';
  const quote = text[escaped ? at + 1 : at]!;
  const start = at + (escaped ? 2 : 1);
  const limit = Math.min(text.length, start + MAX_VALUE);
  for (let i = start; i < limit; i++) {
    const ch = text[i];
    if (ch === '\n') return null;
    if (ch !== quote) continue;
    const precededByBackslash = text[i - 1] === '\\';
    if (escaped ? precededByBackslash : !precededByBackslash) {
      return { start, end: escaped ? i - 1 : i };
    }
  }
  return null;
}

function pushQuoted(
  text: string,
  at: number,
  kind: SecretKeyKind,
  trust: 'generous' | 'strict',
  found: SecretSpan[],
): number {
  const range = findClosingQuote(text, at);
  // An unclosed quote (a cut or multi-line value): take what follows it up to the first blank.
  if (range === null) return pushBare(text, at + (text[at] === '\\' ? 2 : 1), kind, 'generous', found);
  const value = text.slice(range.start, range.end);
  if (
    range.end > range.start &&
    (trust === 'generous' ? !isPlaceholderValue(value) : isCredentialLike(value))
  ) {
    found.push({ kind, start: range.start, end: range.end });
  }
  return range.end;
}

/** `Authorization: Bearer abc`, `"Authorization": "Basic …"`: the scheme stays, the credentials go. */
/** In prose only one credential-shaped word after the scheme is taken; in a header, the whole value. */
function pushAuthorization(text: string, at: number, prose: boolean, found: SecretSpan[]): number {
  let start = at;
  let end: number;
  if (isQuote(text[at]) || (text[at] === '\\' && isQuote(text[at + 1]))) {
    const range = findClosingQuote(text, at);
    if (range === null) return at;
    start = range.start;
    end = range.end;
  } else {
    end = at;
    const limit = Math.min(text.length, at + MAX_VALUE);
    while (end < limit && !'\n\r"\'`\\'.includes(text[end]!)) end++;
  }
  AUTH_SCHEME.lastIndex = start;
  if (AUTH_SCHEME.exec(text) !== null) start = AUTH_SCHEME.lastIndex;
  while (end > start && isBlank(text[end - 1])) end--;
  // `Authorization: undefined, // …` in code: judge the first word of the credentials.
  const firstWord = (text.slice(start, end).split(/[\s,;]/, 1)[0] ?? '').replace(/[.:!?)]+$/, '');
  if (prose) end = start + firstWord.length;
  const ok = prose ? isCredentialLike(firstWord) : !isPlaceholderValue(firstWord);
  if (end > start && ok) found.push({ kind: 'authorization', start, end });
  return end;
}
