import { isPlaceholderValue } from './key-names.js';
import type { CredentialSpan, Detector } from './types.js';

/**
 * Passwords given on the command line of the programs people paste: `docker login -p X`, `mysql -pX`,
 * `sshpass -p X`, `redis-cli -a X`, `openssl … -passin pass:X`, `curl -u user:X`, and what is piped into
 * `docker login --password-stdin`. The program names the option, so any real value is taken; only the
 * password goes, the command stays readable.
 */

type Family = 'mysql' | 'sshpass' | 'redis' | 'login';

/** Group 1: MySQL clients, 2: sshpass, 3: redis-cli, 4: a registry or cloud login. */
const COMMAND =
  /(?<![\w.-])(?:(mysql(?:dump|admin|import|show|check|pump|sh)?|mariadb(?:-dump|-admin|-import|-show|-check)?)|(sshpass)|(redis-cli)|((?:docker|podman|nerdctl|buildah|skopeo|oras|crane|finch|helm(?:[ \t]+registry)?|oc|cf|az(?:[ \t]+acr)?)[ \t]+login))(?![\w-])/g;
export const COMMAND_HINTS = ['login', 'mysql', 'mariadb', 'sshpass', 'redis-cli'];

/**
 * Where each family takes its password. `mysql -p VALUE` prompts and reads VALUE as a database name, so only
 * the glued `-pVALUE` counts; `--password-stdin` is not `--password`.
 */
const FLAGS: Record<Family, RegExp> = {
  mysql: /(?<![^\s'"])(?:-p(?=\S)|--password=)/g,
  sshpass: /(?<![^\s'"])-p(?:[ \t]+|(?=\S))/g,
  redis: /(?<![^\s'"])(?:-a|--pass)(?:[ \t]+|=)/g,
  login: /(?<![^\s'"])(?:-p|--password)(?:[ \t]+|=|(?=[^\s-]))/g,
};

/** How far a command's options are looked for: its line (and lines continued with `\`), or its pipe stage. */
const MAX_COMMAND = 2000;
const BARE_STOP = new Set([...' \t\n\r"\'`\\;&|)<>']);

function familyOf(m: RegExpExecArray): Family {
  if (m[1] !== undefined) return 'mysql';
  if (m[2] !== undefined) return 'sshpass';
  if (m[3] !== undefined) return 'redis';
  return 'login';
}

/** Where the options of a command starting at `from` end, at most at `limit`. */
function commandEnd(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const ch = text[i];
    if (ch === '\n' && text[i - 1] !== '\\' && !(text[i - 1] === '\r' && text[i - 2] === '\\')) return i;
    if (ch === ';' || ch === '|' || ch === '&' || ch === ')' || ch === '`') return i;
  }
  return limit;
}

/**
 * The value at `at`: inside its quotes (`'…'`, `"…"`, or `\"…\"` in JSON-escaped text) on the same line, so a
 * quoted `;` or `|` is part of it; else up to a blank or a shell operator, at most to `limit`.
 */
function readValue(text: string, at: number, limit: number): { start: number; end: number } | null {
  const escaped = text[at] === '\\' && (text[at + 1] === '"' || text[at + 1] === "'");
  const quote = escaped ? text[at + 1] : text[at];
  if (quote === '"' || quote === "'") {
    const start = at + (escaped ? 2 : 1);
    const lineLimit = Math.min(text.length, start + MAX_COMMAND);
    for (let i = start; i < lineLimit && text[i] !== '\n'; i++) {
      if (text[i] === quote && (text[i - 1] === '\\') === escaped) return { start, end: escaped ? i - 1 : i };
    }
    return null;
  }
  let end = at;
  while (end < limit && !BARE_STOP.has(text[end]!)) end++;
  return { start: at, end };
}

function pushValue(text: string, range: { start: number; end: number }, found: CredentialSpan[]): void {
  if (range.end <= range.start) return;
  if (isPlaceholderValue(text.slice(range.start, range.end))) return;
  found.push({ kind: 'password', start: range.start, end: range.end });
}

/** `echo 'VALUE' | docker login --password-stdin`: the piped value is the password. */
const PIPED_VALUE =
  /(?:^|[\s;(&|])(?:echo|printf)(?:[ \t]+-[neE]+)*[ \t]+('[^'\n]*'|"[^"\n]*"|[^\s|;&'"]+)[ \t]*\|[ \t]*(?:sudo[ \t]+)?$/d;

function pushPipedValue(text: string, commandStart: number, found: CredentialSpan[]): void {
  const from = Math.max(text.lastIndexOf('\n', commandStart - 1) + 1, commandStart - 500);
  const m = PIPED_VALUE.exec(text.slice(from, commandStart));
  const range = m?.indices?.[1];
  if (!m || !range) return;
  const quoted = m[1]!.startsWith("'") || m[1]!.startsWith('"');
  const start = from + range[0] + (quoted ? 1 : 0);
  pushValue(text, { start, end: from + range[1] - (quoted ? 1 : 0) }, found);
}

export const detectCommandPasswords: Detector = (text, found) => {
  detectOpensslPasswords(text, found);
  if (!COMMAND_HINTS.some((hint) => text.includes(hint))) return;
  COMMAND.lastIndex = 0;
  let m = COMMAND.exec(text);
  while (m !== null) {
    const family = familyOf(m);
    const start = m.index;
    const from = COMMAND.lastIndex;
    const next = COMMAND.exec(text);
    // A command's options end with its line or pipe stage, or where the next command starts
    // (`sshpass -p X ssh host 'redis-cli -a Y'`): each character is looked at for one command only.
    const end = commandEnd(text, from, Math.min(text.length, from + MAX_COMMAND, next?.index ?? text.length));
    readOptions(text, family, from, end, found);
    if (family === 'login' && text.slice(from, end).includes('--password-stdin'))
      pushPipedValue(text, start, found);
    m = next;
  }
};

function readOptions(text: string, family: Family, from: number, end: number, found: CredentialSpan[]): void {
  // Options are looked for in the command's own text only, so a long text is not searched to its end.
  const options = text.slice(from, end);
  const flags = FLAGS[family];
  flags.lastIndex = 0;
  for (let f = flags.exec(options); f !== null; f = flags.exec(options)) {
    const value = readValue(text, from + flags.lastIndex, end);
    // An unclosed quote runs to the end of its line: no later option on it can be read apart from it.
    if (value === null) return;
    pushValue(text, value, found);
    flags.lastIndex = Math.max(flags.lastIndex, value.end - from);
  }
}

/** `openssl … -passin pass:VALUE` (`env:`, `file:` and `fd:` name where the password is, not the password). */
const OPENSSL_PASS = /(?<![^\s'"])-pass(?:in|out)?[ \t]+pass:/g;

function detectOpensslPasswords(text: string, found: CredentialSpan[]): void {
  if (!text.includes('pass:')) return;
  OPENSSL_PASS.lastIndex = 0;
  for (let m = OPENSSL_PASS.exec(text); m !== null; m = OPENSSL_PASS.exec(text)) {
    const at = OPENSSL_PASS.lastIndex;
    const value = readValue(text, at, Math.min(text.length, at + MAX_COMMAND));
    if (value === null) return;
    pushValue(text, value, found);
    OPENSSL_PASS.lastIndex = Math.max(at, value.end);
  }
}

/** `curl -u user:password` and `--user user:password`: the password goes, the user stays. */
const USER_OPTION = /(?<![^\s'"])(?:-u|--user)[ \t]+(['"]?)([^\s:'"]{1,256}):([^\s'"]{1,512})/g;

export const detectUserOptions: Detector = (text, found) => {
  if (!text.includes('-u')) return;
  USER_OPTION.lastIndex = 0;
  for (let m = USER_OPTION.exec(text); m !== null; m = USER_OPTION.exec(text)) {
    const password = m[3]!;
    // `docker run -u 1000:1000` names a user and a group.
    if (isPlaceholderValue(password)) continue;
    const end = m.index + m[0].length;
    found.push({ kind: 'password', start: end - password.length, end });
  }
};
