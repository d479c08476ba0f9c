/**
 * Which names of settings, variables, headers and JSON keys hold secrets, and which values are
 * obviously not secrets (references, placeholders, flags). Names are split into words first, so
 * `GIT_AUTHOR_NAME` is not "auth", `max_output_tokens` is a count and `TOKENIZER_PARALLELISM` a switch.
 */

export type SecretKeyKind = 'secret' | 'aws_secret_key' | 'authorization';

const SECRET_WORDS = new Set([
  'SECRET',
  'SECRETS',
  'TOKEN',
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'PASS',
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
  'AUTH',
  'COOKIE',
  'SIGNATURE',
  'APIKEY',
  'APITOKEN',
  'AUTHTOKEN',
  'ACCESSTOKEN',
  'SECRETKEY',
  'PRIVATEKEY',
  'ACCESSKEY',
]);

/** Names written as one word: `PGPASSWORD`, `GHTOKEN`, `CLIENTSECRET`. */
const GLUED_SECRET = /^[A-Z0-9]{2,}(?:PASSWORD|PASSWD|SECRET|TOKEN)$/;

/** `<qualifier>_KEY` is a secret (API_KEY, SIGNING_KEY); a bare `key` or `SORT_KEY` is not. */
const KEY_QUALIFIERS = new Set([
  'API',
  'ACCESS',
  'PRIVATE',
  'SECRET',
  'ENCRYPTION',
  'SIGNING',
  'MASTER',
  'APP',
  'LICENSE',
  'SERVICE',
  'SESSION',
  'AUTH',
  'HMAC',
  'JWT',
  'DEPLOY',
  'CLIENT',
  'SUBSCRIPTION',
  'ACCOUNT',
]);

/** A last word that makes the name describe a secret rather than hold one: `TOKEN_TTL`, `PASSWORD_MIN_LENGTH`. */
const DESCRIPTOR_WORDS = new Set(
  (
    'MIN MAX LENGTH LEN COUNT COUNTS LIMIT LIMITS SIZE TTL EXPIRY EXPIRES EXPIRATION AT TIMEOUT FILE FILES PATH ' +
    'DIR DIRECTORY URL URI ENDPOINT HOST PORT TYPE TYPES NAME NAMES ID IDS ENABLED DISABLED REQUIRED MODE ' +
    'PROVIDER PROVIDERS METHOD METHODS VERSION PREFIX FORMAT REGEX PATTERN POLICY ROUNDS PARALLELISM USAGE HINT ' +
    'LABEL FIELD PARAM ENV VAR KIND STRATEGY STORE SOURCE HELPER LOCATION INDEX LEVEL STATUS CHARS SCHEME ' +
    'COMMAND CMD'
  ).split(' '),
);
/** Words that may follow the secret word in a name that still holds the secret. */
const SECRET_SUFFIXES = new Set(
  (
    'VALUE STRING STR DATA B64 BASE64 HASH RAW ENCODED ENC ENCRYPTED PLAIN PLAINTEXT BASE PROD PRODUCTION DEV ' +
    'DEVELOPMENT STAGING STAGE TEST LIVE LOCAL OLD NEW CURRENT PRIMARY SECONDARY BACKUP'
  ).split(' '),
);
const LEADING_DESCRIPTORS = new Set(['MAX', 'MIN', 'NUM', 'HAS', 'IS', 'USE', 'NO', 'TOTAL']);

/** `apiKey` → API KEY, `X-Api-Key` → X API KEY, `_authToken` → AUTH TOKEN. */
function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
}

/** The same few names (JSON keys, env variables) recur on every line: remember their verdicts. */
const verdicts = new Map<string, SecretKeyKind | null>();
const MAX_VERDICTS = 10_000;

export function classifyKeyName(name: string): SecretKeyKind | null {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdict = classifyWords(name);
    verdicts.set(name, verdict);
  }
  return verdict;
}

function classifyWords(name: string): SecretKeyKind | null {
  if (name.length > 80) return null;
  const words = splitWords(name);
  const last = words.at(-1);
  if (last === undefined) return null;
  if (DESCRIPTOR_WORDS.has(last) || LEADING_DESCRIPTORS.has(words[0]!)) return null;
  if (words.includes('AUTHORIZATION')) return 'authorization';
  if (words.includes('SECRET') && words.includes('ACCESS') && words.includes('KEY')) return 'aws_secret_key';
  let lastSecret = -1;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const secret =
      SECRET_WORDS.has(word) ||
      GLUED_SECRET.test(word) ||
      (word === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) ||
      // `MYSQL_PWD` is a password; `PWD` and `OLDPWD` alone are directories.
      (word === 'PWD' && words.length > 1);
    if (secret) lastSecret = i;
  }
  if (lastSecret < 0) return null;
  // The secret word ends the name, or only says which copy it is (`TOKEN_PROD`, `API_KEY_B64`):
  // `usernamePasswordInOptions` and `cookieJar` are about secrets, not secrets.
  return words.slice(lastSecret + 1).every((word) => SECRET_SUFFIXES.has(word) || /^V?\d+$/.test(word))
    ? 'secret'
    : null;
}

/** Whether the secret a name holds is a password (not a token or a key): prose states passwords plainly. */
export function namesPassword(name: string): boolean {
  return splitWords(name).some((word) => /^(?:[A-Z0-9]*PASSW(?:OR)?D|PASSPHRASE|PASS|PWD)$/.test(word));
}

const NON_SECRET_WORDS = new Set([
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'null',
  'none',
  'nil',
  'undefined',
  // fetch's `credentials` option.
  'include',
  'omit',
  'same-origin',
  // Words that ask for a value instead of being one. A system still running on `changeme` has nothing
  // to hide, and docs and skills that show `password: changeme` stay readable (and pass the proposal check).
  'changeme',
  'change_me',
  'change-me',
  'changeit',
  'replaceme',
  'replace_me',
  'replace-me',
  'placeholder',
  'example',
  'redacted',
  'dummy',
  'secret',
  'password',
  'passwd',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'notset',
  'unset',
  'todo',
  'tbd',
]);

/**
 * Values that name or stand for a secret without being one: `$TOKEN`, `${{ secrets.X }}`, `<your-key>`,
 * `***`, `xxxx`, `your-api-key`, `changeme`, `process.env.API_KEY`, booleans, small numbers, and already-redacted
 * text.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (NON_SECRET_WORDS.has(v.toLowerCase())) return true;
  // Small integers and decimals are counts, ports, rates and flags, not credentials.
  if (/^(?:\d{1,5}|-?\d+\.\d+)$/.test(v)) return true;
  if (/^[*xX.•…-]+$/.test(v)) return true;
  // `sk-...`, `ghp_…`, `sk-proj-xxxxxxxx`: a prefix and an ellipsis or a mask show the shape of a key.
  if (/^[A-Za-z0-9_-]{0,12}(?:\.{3}|…)$|^(?:[A-Za-z0-9]+[-_])*(?:x{4,}|X{4,}|\*{4,})$/.test(v)) return true;
  // `your-api-key`, `YOUR_TOKEN_HERE`, `paste_token_here`: instructions, not values.
  if (/^your[-_A-Za-z]*$|^[A-Za-z_-]*[-_]here$/i.test(v)) return true;
  if (v.startsWith('[REDACTED')) return true;
  const first = v[0];
  if (first === '$' || first === '%' || first === '<' || v.startsWith('{{')) return true;
  // `TOKEN`, `YOUR_API_KEY`: a name standing in for the value, as in docs and usage lines.
  if (/^[A-Z][A-Z_]*$/.test(v) && v.length <= 40) return true;
  // A reference in code (`options.password`, `process.env.TOKEN`, `os.environ[…]`), not a literal.
  return /^(?:[A-Za-z_$][A-Za-z_$]*\.)+[A-Za-z_$][A-Za-z_$]*$|^os\.environ/.test(v);
}

/**
 * How a random credential looks, for values found where a secret is only suspected
 * (prose, `--token VALUE`, `token = value` in code): letters and digits, or long and mixed-case.
 */
export function isCredentialLike(value: string): boolean {
  if (value.length < 6 || /\s/.test(value) || isPlaceholderValue(value)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  if (/[A-Za-z]/.test(value) && /\d/.test(value)) return true;
  // Without digits, only a random-looking mix of cases: `generateSignedCookie` is a name, not a key.
  if (value.length < 16) return false;
  const upper = value.replace(/[^A-Z]/g, '').length;
  const lower = value.replace(/[^a-z]/g, '').length;
  return upper >= 0.25 * (upper + lower) && lower >= 0.25 * (upper + lower);
}
