import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RetroError } from '../errors.js';
import { ID_PATTERNS } from '../ids.js';
import { proposalDir } from './place.js';

const STORE_SEGMENTS = ['.codex-orchestrator', 'proposals'];

/**
 * Makes sure every folder from the repo down to `proposals/<id>` is a real folder (never a symlink that
 * would send our writes elsewhere), creating the missing ones.
 */
export async function ensureProposalDir(repoRoot: string, proposalId: string): Promise<string> {
  const dir = proposalDir(repoRoot, proposalId);
  let current = resolve(repoRoot);
  const root = await lstat(current).catch(() => undefined);
  if (!root?.isDirectory()) {
    throw new RetroError(
      'repo_not_found',
      `${current} is not a folder; pass the repository with --repo DIR.`,
      {
        status: 400,
      },
    );
  }
  for (const segment of [...STORE_SEGMENTS, proposalId]) {
    current = join(current, segment);
    try {
      const stats = await lstat(current);
      if (!stats.isDirectory()) {
        throw new RetroError(
          'unsafe_storage',
          `${current} is a symlink or a file, not a folder; remove it so proposals are stored inside the repository.`,
        );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(current).catch((mkdirError: NodeJS.ErrnoException) => {
        if (mkdirError.code !== 'EEXIST') throw mkdirError;
      });
    }
  }
  return dir;
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export async function writeFileAtomic(path: string, data: string, mode = 0o644): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { flag: 'wx', mode });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A file's text, or null when it does not exist; a symlink is never followed (it reads as absent). */
export async function readIfExists(path: string): Promise<string | null> {
  const stats = await lstat(path).catch(() => null);
  if (stats === null || !stats.isFile()) return null;
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** What the repo holds for a proposal: its mirrored files as they are now, never trusted. */
export interface Mirror {
  meta: string | null;
  diff: string | null;
  /** A `.backup.json` in the folder: backups are never kept there, so one is planted or left by an old version. */
  backupFile: boolean;
}

export async function readMirror(repoRoot: string, proposalId: string): Promise<Mirror> {
  const dir = proposalDir(repoRoot, proposalId);
  const backup = await lstat(join(dir, '.backup.json')).catch(() => null);
  return {
    meta: await readIfExists(join(dir, 'meta.json')),
    diff: await readIfExists(join(dir, 'proposal.diff')),
    backupFile: backup !== null,
  };
}

export async function writeMirror(
  repoRoot: string,
  proposalId: string,
  meta: string,
  diff: string,
): Promise<void> {
  const dir = await ensureProposalDir(repoRoot, proposalId);
  await writeFileAtomic(join(dir, 'proposal.diff'), diff);
  await writeFileAtomic(join(dir, 'meta.json'), meta);
}

/** Ids of the proposal folders in the repo (well-formed names only). */
export async function listMirrorIds(repoRoot: string): Promise<string[]> {
  const names = await readdir(join(resolve(repoRoot), ...STORE_SEGMENTS)).catch(() => [] as string[]);
  return names.filter((name) => ID_PATTERNS.proposal.test(name));
}
