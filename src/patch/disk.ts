import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';

export type RepoPathState =
  | { kind: 'missing' }
  | { kind: 'file'; size: number; mode: number; executable: boolean }
  | { kind: 'symlink'; at: string }
  | { kind: 'not_regular'; at: string };

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
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { kind: 'missing' };
      if (code === 'ENOTDIR') return { kind: 'not_regular', at: partial };
      throw error;
    }
    if (stats.isSymbolicLink()) return { kind: 'symlink', at: partial };
    const last = i === segments.length;
    if (!last && !stats.isDirectory()) return { kind: 'not_regular', at: partial };
    if (last) {
      if (!stats.isFile()) return { kind: 'not_regular', at: partial };
      const mode = stats.mode & 0o7777;
      return { kind: 'file', size: stats.size, mode, executable: (mode & 0o111) !== 0 };
    }
  }
  return { kind: 'missing' };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export type ReadResult =
  | { kind: 'missing' }
  | { kind: 'file'; bytes: Buffer; mode: number }
  | { kind: 'too_large'; size: number }
  | { kind: 'unsafe'; at: string };

/**
 * The bytes of a regular file at `rel`, read only when its size (taken from the open file, so a file that
 * grows after the check is still caught) is at most `maxBytes`: a huge file is refused, never read whole.
 * Symlinks anywhere on the way and special files are refused without being opened.
 */
export async function readRepoFile(repoRoot: string, rel: string, maxBytes: number): Promise<ReadResult> {
  const state = await inspectRepoPath(repoRoot, rel);
  if (state.kind === 'missing') return state;
  if (state.kind !== 'file') return { kind: 'unsafe', at: state.at };
  if (state.size > maxBytes) return { kind: 'too_large', size: state.size };
  const handle = await open(join(repoRoot, rel), constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { kind: 'unsafe', at: rel };
    if (stats.size > maxBytes) return { kind: 'too_large', size: stats.size };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { kind: 'too_large', size: length };
    }
    return { kind: 'file', bytes: buffer.subarray(0, length), mode: stats.mode & 0o7777 };
  } finally {
    await handle.close();
  }
}

/**
 * What a file is now, as one comparable string: its sha256 (null: missing), `unsafe:…` for a symlink or a
 * special file, `too_large:SIZE` for a file over `maxBytes` (never read: it cannot be patched anyway).
 */
export async function fingerprintRepoFile(
  repoRoot: string,
  rel: string,
  maxBytes: number,
): Promise<string | null> {
  const read = await readRepoFile(repoRoot, rel, maxBytes);
  if (read.kind === 'missing') return null;
  if (read.kind === 'unsafe') return `unsafe:${read.at}`;
  if (read.kind === 'too_large') return `too_large:${read.size}`;
  return sha256(read.bytes);
}
