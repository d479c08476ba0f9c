import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { normalizeRemoteUrl } from './remote-url.js';

const run = promisify(execFile);

/**
 * What git says about a repository's guidance: the commits that changed what Codex reads (every AGENTS.md and
 * AGENTS.override.md, and `.codex/skills/`), the remotes the repository is known by, and a file's bytes at a
 * commit. Read-only, with the repository's own settings kept from running anything (no pager, no external
 * diff, no signature check); a repository git cannot read gives a problem to report, never a failure.
 */
export interface GuidanceCommit {
  hash: string;
  /** Committer date, ISO: when the change landed on this branch (see README). */
  at: string;
  subject: string;
  /** Guidance paths the commit changed; `deleted` when it removed the file. */
  files: { path: string; deleted: boolean }[];
}

const GUIDANCE_PATHSPECS = [':(glob)**/AGENTS.md', ':(glob)**/AGENTS.override.md', '.codex/skills'];
/** The newest commits read; older guidance changes predate any session a window reaches. */
const MAX_COMMITS = 1_000;
const MAX_BUFFER = 64 * 1024 * 1024;

function gitArgs(repoRoot: string, args: string[]): string[] {
  return [
    '-c',
    'core.quotepath=false',
    '-c',
    'log.showSignature=false',
    '--no-pager',
    '-C',
    repoRoot,
    ...args,
  ];
}

const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

async function git(repoRoot: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', gitArgs(repoRoot, args), {
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
    env: GIT_ENV,
  });
  return stdout;
}

function describeGitError(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : (error as Error).message;
  return text.trim().split('\n')[0] ?? 'git failed';
}

/**
 * The commits of the current branch's first-parent history that touched guidance, newest first: a merge counts
 * as one change, when it brought the branch's edits in. A repository without commits has none.
 */
export async function readGuidanceCommits(
  repoRoot: string,
): Promise<{ commits: GuidanceCommit[]; problem: string | null }> {
  let stdout: string;
  try {
    stdout = await git(repoRoot, [
      'log',
      '--first-parent',
      '--diff-merges=first-parent',
      '--no-renames',
      '--no-ext-diff',
      '--no-color',
      `--max-count=${MAX_COMMITS}`,
      '--format=%x1e%H%x1f%cI%x1f%s',
      '--name-status',
      '-z',
      '--',
      ...GUIDANCE_PATHSPECS,
    ]);
  } catch (error) {
    const message = describeGitError(error);
    if (/does not have any commits|bad default revision|unknown revision/i.test(message)) {
      return { commits: [], problem: null };
    }
    return {
      commits: [],
      problem: `The git history of ${repoRoot} could not be read (${message}); only proposals applied with codex-retro are measured.`,
    };
  }
  return { commits: parseLog(stdout), problem: null };
}

/**
 * `\x1e HASH \x1f DATE \x1f SUBJECT \0 \n STATUS \0 PATH \0 …` per commit, read token by token between NULs (which
 * neither a subject nor a path can hold), so a subject or a path holding the separators stays whole.
 */
const HEADER = /^\n?\x1e([0-9a-f]{40,64})\x1f([^\x1f]+)\x1f([\s\S]*)$/;

function parseLog(text: string): GuidanceCommit[] {
  const commits: GuidanceCommit[] = [];
  let current: GuidanceCommit | null = null;
  const tokens = text.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const header = HEADER.exec(token);
    if (header) {
      const at = Date.parse(header[2]!);
      current = Number.isNaN(at)
        ? null
        : { hash: header[1]!, at: new Date(at).toISOString(), subject: header[3]!, files: [] };
      if (current) commits.push(current);
      continue;
    }
    const status = token.replace(/^\n/, '');
    const path = tokens[i + 1];
    if (current === null || status === '' || path === undefined || path === '') continue;
    current.files.push({ path, deleted: status.startsWith('D') });
    i++;
  }
  return commits.filter((commit) => commit.files.length > 0);
}

/** The remotes' URLs as comparable keys (see remote-url.ts); none when git cannot say. */
export async function readRemoteKeys(repoRoot: string): Promise<Set<string>> {
  try {
    const keys = (await git(repoRoot, ['remote', '-v']))
      .split('\n')
      .map((line) => normalizeRemoteUrl(line.split(/\s+/)[1]))
      .filter((key): key is string => key !== null);
    return new Set(keys);
  } catch {
    return new Set();
  }
}

/**
 * A file at a commit never changes: a hash read once is kept (a server asks again on every list). A miss is
 * not kept, as git may fail for a reason that passes.
 */
const hashes = new Map<string, string>();
const MAX_HASHES = 10_000;

/** The sha256 of a file as a commit left it; null when the commit has no such file. */
export async function hashFileAt(repoRoot: string, hash: string, path: string): Promise<string | null> {
  const key = `${repoRoot}\0${hash}\0${path}`;
  const known = hashes.get(key);
  if (known !== undefined) return known;
  const found = await readHash(repoRoot, hash, path);
  if (found === null) return null;
  if (hashes.size >= MAX_HASHES) hashes.clear();
  hashes.set(key, found);
  return found;
}

async function readHash(repoRoot: string, hash: string, path: string): Promise<string | null> {
  try {
    const { stdout } = await run('git', gitArgs(repoRoot, ['cat-file', 'blob', `${hash}:${path}`]), {
      encoding: 'buffer',
      maxBuffer: MAX_BUFFER,
      env: GIT_ENV,
    });
    return createHash('sha256').update(stdout).digest('hex');
  } catch {
    return null;
  }
}
