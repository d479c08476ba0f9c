import { posix } from 'node:path';
import { describeChar } from '../../hidden-text.js';
import { PATCH_LIMITS } from '../limits.js';

/** What a person allowed beyond `.codex/skills/**` and the root AGENTS.md, for one proposal. */
export interface PathPermissions {
  allow_subtree_agents: boolean;
  /** Exact paths, or folders written as `dir/` or `dir/**`. */
  allow_paths: string[];
}

/**
 * Rules for one path named by a patch. Each returns the reason a person reads, or null when the path passes.
 * A path is judged as text first (before anything on disk is looked at), so a hostile name never reaches fs.
 */

/** Characters that are allowed in a path a proposal may touch (plus `/` between segments). */
const SAFE_SEGMENT = /^[A-Za-z0-9._+@-]+$/;

/** Look-alikes of the Latin letters, digits and punctuation used by the protected names. */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  ԍ: 'g',
  ү: 'y',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  ε: 'e',
  χ: 'x',
  ς: 's',
  ı: 'i',
  ȷ: 'j',
  ℓ: 'l',
  '⁄': '/',
  '∕': '/',
  '․': '.',
  '‧': '.',
  '·': '.',
  '‐': '-',
  '‑': '-',
  '–': '-',
};

/** What a name could be mistaken for: compatibility forms folded, look-alikes mapped, case ignored. */
export function foldPath(path: string): string {
  return [...path.normalize('NFKC')]
    .map((ch) => CONFUSABLES[ch] ?? CONFUSABLES[ch.toLowerCase()] ?? ch)
    .join('')
    .toLowerCase();
}

/** A path for a message: quoted, with control characters escaped so they cannot act on a terminal. */
export function quotePath(path: string): string {
  return JSON.stringify(path).replace(
    /[\u007f-\u009f]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function findSyntaxProblem(path: string): string | null {
  const problem = findSyntaxReason(path);
  return problem === null ? null : `${quotePath(path)}: ${problem}`;
}

function findSyntaxReason(path: string): string | null {
  if (path.length === 0) return 'the path is empty';
  if (path.length > PATCH_LIMITS.maxPathLength) {
    return `the path is longer than ${PATCH_LIMITS.maxPathLength} characters`;
  }
  const control = [...path].find((ch) => /[\u0000-\u001f\u007f-\u009f]/.test(ch));
  if (control !== undefined) return `the path contains a control character (${describeChar(control)})`;
  if (path.includes('\\')) return 'the path contains a backslash; paths in a patch use "/"';
  if (path.startsWith('/')) return 'the path is absolute; a patch may only name paths inside the repository';
  if (/^[A-Za-z]:/.test(path))
    return 'the path starts with a drive letter; a patch may only name paths inside the repository';
  if (path.startsWith('~'))
    return 'the path starts with "~" (a home folder); a patch may only name paths inside the repository';
  if (/%(2e|2f|5c|00)/i.test(path))
    return 'the path contains a percent-encoded ".", "/", "\\" or NUL (an encoded traversal)';
  const segments = path.split('/');
  if (segments.includes('..')) return 'the path contains ".." and could reach outside the repository';
  if (segments.some((segment) => segment === '' || segment === '.')) {
    return 'the path is not normalized (empty or "." segment)';
  }
  const trailing = segments.find((segment) => /[. ]$/.test(segment));
  if (trailing !== undefined) {
    return `${quotePath(trailing)} ends with a dot or a space, which some systems drop, so it could name another file`;
  }
  if (posix.normalize(path) !== path) return 'the path is not normalized';
  return null;
}

export function findCharsetProblem(path: string): string | null {
  for (const segment of path.split('/')) {
    if (segment === '' || SAFE_SEGMENT.test(segment)) continue;
    const bad = [...segment].find((ch) => !/[A-Za-z0-9._+@-]/.test(ch))!;
    const code = bad.codePointAt(0)!;
    if (code < 0x80) {
      return `${quotePath(segment)} contains ${JSON.stringify(bad)}; proposal paths use only letters, digits and . _ - + @`;
    }
    const folded = foldPath(segment);
    const lookAlike = folded !== segment.toLowerCase() && /^[a-z0-9._+@/-]+$/.test(folded);
    return lookAlike
      ? `${quotePath(segment)} contains ${describeChar(bad)}, a look-alike: it reads as "${folded}" but is a different name`
      : `${quotePath(segment)} contains the non-ASCII character ${describeChar(bad)}; proposal paths use plain ASCII only`;
  }
  return null;
}

/** Names whose exact spelling matters; a path that folds to one of them must spell it exactly. */
const EXACT_PREFIXES = ['.codex/skills/', '.codex/', '.git/', '.codex-orchestrator/'];
const EXACT_BASENAMES = ['AGENTS.md', 'SKILL.md'];

export function findCaseProblem(path: string): string | null {
  const folded = foldPath(path);
  for (const prefix of EXACT_PREFIXES) {
    if (folded.startsWith(prefix) && !path.startsWith(prefix)) {
      return `${quotePath(path)} is spelled like ${quotePath(prefix)} only when case or look-alike letters are ignored; on a case-insensitive disk it would land there, so it is refused`;
    }
  }
  const base = posix.basename(path);
  for (const name of EXACT_BASENAMES) {
    if (foldPath(base) === name.toLowerCase() && base !== name) {
      return `${quotePath(base)} differs from "${name}" only in case or look-alike letters; use the exact name`;
    }
  }
  return null;
}

const DENIED_SEGMENTS: [RegExp, string][] = [
  [/^\.git$|^git~\d+$/, 'git internals (.git)'],
  [/^\.codex-orchestrator$/, "codex-retro's own records (.codex-orchestrator)"],
  [/^\.(ssh|gnupg|aws|kube|docker|azure)$/, 'a folder of credentials'],
];

const DENIED_BASENAMES: [RegExp, string][] = [
  [/^\.env/, 'an environment file (.env*)'],
  [/\.(pem|key|p12|pfx|crt|cer|der|jks|keystore|kdbx|ppk|p8|gpg|pgp|asc)$/, 'a key or certificate file'],
  [/^id_(rsa|dsa|ecdsa|ed25519)/, 'an SSH key'],
  [/^credentials|\.secrets?$|^secrets?\./, 'a credentials file'],
  [
    /^(auth\.json|\.npmrc|\.yarnrc(\.yml)?|\.netrc|_netrc|\.pypirc|\.htpasswd|\.pgpass|\.git-credentials|\.dockercfg|\.boto|\.s3cfg)$/,
    'a credentials file',
  ],
  [/^\.git(attributes|modules)$/, 'a file that changes how git treats the repository'],
  [
    /\.(exe|dll|so|dylib|bin|class|jar|war|zip|tar|gz|tgz|bz2|xz|7z|rar|whl|pyc|wasm|o|a)$/,
    'a binary or archive',
  ],
];

/**
 * The denylist wins over every allow rule; it is matched on the folded name as Windows would resolve it:
 * trailing dots and spaces dropped, and an NTFS stream suffix (`.git::$INDEX_ALLOCATION` is `.git`) cut off.
 */
export function findDenylistMatch(path: string): string | null {
  const segments = foldPath(path)
    .split('/')
    .map((segment) => segment.replace(/:.*$/, '').replace(/[. ]+$/, ''));
  for (const segment of segments) {
    for (const [pattern, what] of DENIED_SEGMENTS) {
      if (pattern.test(segment))
        return `${quotePath(path)} is inside ${what}, which a proposal may never touch`;
    }
  }
  const base = segments.at(-1) ?? '';
  for (const [pattern, what] of DENIED_BASENAMES) {
    if (pattern.test(base)) return `${quotePath(path)} is ${what}, which a proposal may never touch`;
  }
  return null;
}

/** An `allow_paths` entry: an exact path, or a folder written as `dir/` or `dir/**`. */
function matchesAllowEntry(path: string, entry: string): boolean {
  const folder = entry.endsWith('/**') ? entry.slice(0, -2) : entry.endsWith('/') ? entry : null;
  return folder === null ? path === entry : path.startsWith(folder) && path.length > folder.length;
}

export function findAllowProblem(path: string, options: PathPermissions): string | null {
  if (findSyntaxProblem(path) !== null) return `${quotePath(path)} is not a valid path inside the repository`;
  if (path.startsWith('.codex/skills/') && path.split('/').length >= 3) return null;
  if (path === 'AGENTS.md') return null;
  if (options.allow_paths.some((entry) => matchesAllowEntry(path, entry))) return null;
  if (posix.basename(path) === 'AGENTS.md') {
    return options.allow_subtree_agents
      ? null
      : `${quotePath(path)} is an AGENTS.md below the repository root; it may change only when subtree AGENTS.md files are allowed`;
  }
  return `${quotePath(path)} is outside .codex/skills/ and AGENTS.md; it may change only when listed in the allowed paths`;
}

/** Checks an `allow_paths` entry given by a person: it must itself be a safe, relative path. */
export function findAllowEntryProblem(entry: string): string | null {
  const path = entry.endsWith('/**') ? entry.slice(0, -3) : entry.endsWith('/') ? entry.slice(0, -1) : entry;
  return findSyntaxProblem(path) ?? findCharsetProblem(path) ?? findDenylistMatch(path);
}
