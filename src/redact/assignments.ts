import {
  classifyKeyName,
  isCredentialLike,
  isPlaceholderValue,
  namesPassword,
  type SecretKeyKind,
} from './key-names.js';
import { columnOf, findBlockScalar, findClosingQuote, isBlank, isQuote, MAX_VALUE } from './quoted-values.js';
import { compileTriggers } from './triggers.js';
import type { CredentialSpan, Detector } from './types.js';

/**
 * Secrets named by what holds them: `KEY=value`, `export KEY="value"`, `"key": "value"`, `key: value`
 * (YAML, HTTP headers), `--token=value` / `--token value`, `?access_token=…&`, `Authorization: Bearer …`,
 * and prose that states one ("the password is hunter2x", "set the password to …").
 * Only the value is masked; the name stays so the reader still knows what was there.
 *
 * The scan jumps from one name hint to the next and examines each name once, so it stays linear.
 */
export const NAME_HINTS = [
  'secret',
  'token',
  'pass',
  'pwd',
  'key',
  'credential',
  'auth',
  'cookie',
  'signature',
];
const NAME_HINT = compileTriggers(
  NAME_HINTS.map((literal) => ({ literal, anyCase: true })),
  'g',
);
const AUTH_SCHEME = /(?:Bearer|Basic|Token|Digest|Bot|Negotiate|NTLM|token|bearer|basic)[ \t]+/y;
/** "password is X", "password was X", "password is now X", "set the password to X". */
const STATEMENT = /(?:is|was|to)(?:[ \t]+(?:now|still|set[ \t]+to|changed[ \t]+to))?[ \t]+/iy;

function isNameChar(c: number): boolean {
  // A-Z a-z 0-9 _ . -
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45
  );
}

/** Characters that end an unquoted value. */
const BARE_STOP = new Set([...' \t\n\r"\'`\\,;&)]}<>|([{']);

/**
 * How sure the context makes us: `generous` (`KEY=value`, quoted keys) takes any real value, `whole-line`
 * (`password: value` starting a line, as in YAML or a header) takes it when nothing but a comment follows on
 * that line (so "Password: see the vault" stays), `strict` only credential-shaped values, and `statement`
 * (prose) a password-shaped value after a password, a random-looking one after a token or key.
 */
type Trust = 'generous' | 'whole-line' | 'strict' | 'statement';

/** What the name says of its value. */
interface Slot {
  kind: SecretKeyKind;
  password: boolean;
}

export const detectAssignments: Detector = (text, found) => {
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
function scanAssignment(text: string, nameStart: number, nameEnd: number, found: CredentialSpan[]): number {
  let dashes = 0;
  while (text[nameStart + dashes] === '-') dashes++;
  const name = text.slice(nameStart + dashes, nameEnd);
  const kind = classifyKeyName(name);
  // `scheme://x-access-token:VALUE@host` is a URL user name; the URL detector masks the password.
  if (kind === null || text.startsWith('://', nameStart - 3)) return nameEnd;
  const slot: Slot = { kind, password: namesPassword(name) };

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
    return pushBare(text, p, slot, 'strict', found);
  } else if (blankBeforeSeparator && isNetrcPassword(text, nameStart, nameEnd)) {
    return pushBare(text, p, slot, 'generous', found);
  } else if (blankBeforeSeparator && dashes === 0) {
    return scanStatement(text, p, slot, found) ?? nameEnd;
  } else {
    return nameEnd;
  }
  let q = p + 1;
  while (isBlank(text[q])) q++;

  const atLineStart = startsLine(text, nameStart);
  // `token: "…"` in a sentence is prose quoting something; in code, config, headers and JSON it is a value.
  const prose = separator === ':' && !keyQuoted && !atLineStart && !opensObject(text, nameStart);
  if (kind === 'authorization') return pushAuthorization(text, q, prose, found);
  // A YAML value may fold over the lines indented below its key.
  const fold = separator === ':' && atLineStart ? { indent: columnOf(text, nameStart) } : null;
  if (fold !== null) {
    const block = findBlockScalar(text, q, fold.indent);
    if (block !== null) {
      if (!isPlaceholderValue(text.slice(block.start, block.end))) found.push({ kind, ...block });
      return block.end;
    }
  }
  const keyClosed = afterName > nameEnd;
  // An AWS secret key is named so exactly that any real value next to the name is one.
  const named = kind === 'aws_secret_key';
  if (isQuote(text[q]) || (text[q] === '\\' && isQuote(text[q + 1]))) {
    return pushQuoted(text, q, slot, prose && !named ? 'strict' : 'generous', fold, found);
  }
  let trust: Trust = 'strict';
  if (named) trust = 'generous';
  else if (separator === '=') trust = blankBeforeSeparator ? 'strict' : 'generous';
  // A quoted header name inside a string (`-H "X-Api-Key: v"`) takes its value; a closed quoted key
  // with a bare value is a JS object whose value is code (JSON has no bare strings).
  else if (keyQuoted) trust = keyClosed ? 'strict' : 'generous';
  else if (atLineStart) trust = 'whole-line';
  return pushBare(text, q, slot, trust, found);
}

/**
 * "the password is X", "set the password to `X`", "MySQL refused the password `X`": null when the words after
 * the name state nothing.
 */
function scanStatement(text: string, at: number, slot: Slot, found: CredentialSpan[]): number | null {
  if (slot.kind !== 'secret') return null;
  // A quoted value right after the name.
  if (isQuote(text[at])) return pushQuoted(text, at, slot, 'statement', null, found);
  STATEMENT.lastIndex = at;
  if (!STATEMENT.test(text)) return null;
  const q = STATEMENT.lastIndex;
  if (isQuote(text[q])) return pushQuoted(text, q, slot, 'statement', null, found);
  return pushBare(text, q, slot, 'statement', found);
}

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

/**
 * The name is the first thing on its line, not a word in a sentence. YAML list items (`- key:`), comments,
 * quoted mail (`> key:`) and the added and removed lines of a diff (`+key:`) start lines too.
 */
function startsLine(text: string, nameStart: number): boolean {
  let i = nameStart - 1;
  while (
    i >= 0 &&
    (isBlank(text[i]) || text[i] === '-' || text[i] === '#' || text[i] === '+' || text[i] === '>')
  )
    i--;
  return i < 0 || text[i] === '\n' || text[i] === '\r';
}

function endsLine(text: string, at: number): boolean {
  let i = at;
  while (isBlank(text[i])) i++;
  return i >= text.length || text[i] === '\n' || text[i] === '\r' || text[i] === '#';
}

/** Long enough and made of letters alone: a passphrase like `correcthorsebatterystaple`, not a word. */
function isPassphrase(value: string): boolean {
  return /^[A-Za-z]{16,64}$/.test(value) && !isPlaceholderValue(value);
}

/** Random-looking: digits and both cases, or long hex. What a token or key stated in prose looks like. */
function isRandomLooking(value: string): boolean {
  if (value.length < 16 || isPlaceholderValue(value)) return false;
  if (/^[0-9a-fA-F]+$/.test(value)) return value.length >= 24 && /\d/.test(value) && /[a-fA-F]/.test(value);
  return /\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);
}

function accepts(value: string, slot: Slot, trust: Trust, endsItsLine: boolean): boolean {
  if (trust === 'generous' || (trust === 'whole-line' && endsItsLine)) return !isPlaceholderValue(value);
  if (trust === 'statement' && !slot.password) return isRandomLooking(value);
  return isCredentialLike(value) || (slot.password && isPassphrase(value));
}

function pushBare(text: string, at: number, slot: Slot, trust: Trust, found: CredentialSpan[]): number {
  let end = at;
  const limit = Math.min(text.length, at + MAX_VALUE);
  while (end < limit && !BARE_STOP.has(text[end]!)) end++;
  // A call or an index (`getToken()`, `env["TOKEN"]`) is code, not a value.
  if (end === at || text[end] === '(' || text[end] === '[') return end;
  let valueEnd = end;
  // In prose a sentence may end right after the value: its full stop is not part of it.
  if (trust === 'statement' || trust === 'strict') {
    while (valueEnd > at && '.:!?'.includes(text[valueEnd - 1]!)) valueEnd--;
  }
  const value = text.slice(at, valueEnd);
  if (accepts(value, slot, trust, endsLine(text, end)))
    found.push({ kind: slot.kind, start: at, end: valueEnd });
  return end;
}

function pushQuoted(
  text: string,
  at: number,
  slot: Slot,
  trust: 'generous' | 'strict' | 'statement',
  fold: { indent: number } | null,
  found: CredentialSpan[],
): number {
  const range = findClosingQuote(text, at, fold);
  // An unclosed quote (a cut or multi-line value): take what follows it up to the first blank, if it would
  // have been taken quoted.
  if (range === null) return pushBare(text, at + (text[at] === '\\' ? 2 : 1), slot, trust, found);
  const value = text.slice(range.start, range.end);
  if (range.end > range.start && accepts(value, slot, trust, false)) {
    found.push({ kind: slot.kind, start: range.start, end: range.end });
  }
  return range.end;
}

/** `Authorization: Bearer abc`, `"Authorization": "Basic …"`: the scheme stays, the credentials go. */
/** In prose only one credential-shaped word after the scheme is taken; in a header, the whole value. */
function pushAuthorization(text: string, at: number, prose: boolean, found: CredentialSpan[]): number {
  let start = at;
  let end: number;
  if (isQuote(text[at]) || (text[at] === '\\' && isQuote(text[at + 1]))) {
    const range = findClosingQuote(text, at, null);
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
