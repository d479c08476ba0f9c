import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export type RepoPathState =
  | { kind: 'missing' }
  | { kind: 'file'; size: number; executable: boolean }
  | { kind: 'symlink'; at: string }
  | { kind: 'not_regular'; at: string };

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT';
}

/**
 * What is at `rel` inside the repo, walking every component with lstat so a symlink anywhere on the way is
 * seen (and never followed). Call only with a path that passed the syntax rules.
 */
export async function inspectRepoPath(repoRoot: string, rel: string): Promise<RepoPathState> {
  const segments = rel.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const partial = segments.slice(0, i).join('/');
    let stats: Awaited<ReturnType<typeof lstat>>;
    try {
      stats = await lstat(join(repoRoot, partial));
    } catch (error) {
      if (isMissing(error)) return { kind: 'missing' };
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return { kind: 'not_regular', at: partial };
      throw error;
    }
    if (stats.isSymbolicLink()) return { kind: 'symlink', at: partial };
    const last = i === segments.length;
    if (!last && !stats.isDirectory()) return { kind: 'not_regular', at: partial };
    if (last) {
      if (!stats.isFile()) return { kind: 'not_regular', at: partial };
      return { kind: 'file', size: stats.size, executable: (stats.mode & 0o111) !== 0 };
    }
  }
  return { kind: 'missing' };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bytes of a regular file at `rel`, null when it does not exist; refuses symlinks and special files. */
export async function readRepoFile(repoRoot: string, rel: string): Promise<Buffer | null> {
  const state = await inspectRepoPath(repoRoot, rel);
  if (state.kind === 'missing') return null;
  if (state.kind !== 'file') {
    throw new Error(`${rel} is not a regular file inside the repository (${state.kind} at ${state.at})`);
  }
  return readFile(join(repoRoot, rel));
}

/** sha256 of the file at `rel`: null when missing, `unsafe:…` when it is a symlink or not a regular file. */
export async function hashRepoFile(repoRoot: string, rel: string): Promise<string | null> {
  const state = await inspectRepoPath(repoRoot, rel);
  if (state.kind === 'missing') return null;
  if (state.kind !== 'file') return `unsafe:${state.kind}:${state.at}`;
  // Streamed: a patch may name a huge file, and only its hash is wanted here.
  const hash = createHash('sha256');
  await pipeline(createReadStream(join(repoRoot, rel)), hash);
  return hash.digest('hex');
}
