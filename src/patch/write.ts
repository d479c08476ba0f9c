import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import type { FileWrite } from './compute.js';
import { inspectRepoPath, readRepoFile, sha256 } from './disk.js';
import { PATCH_LIMITS } from './limits.js';

/** The state of every file a write touches, taken before it starts, so any failure can be undone. */
export interface Backup {
  files: { path: string; bytes: Buffer | null; mode: number | null }[];
  /** Folders the write creates (deepest last); a rollback removes them again when empty. */
  createdDirs: string[];
  /** Files the write stages beside their targets before renaming them; a rollback removes any left. */
  temps: string[];
}

/**
 * Where a write keeps its backup while it runs (outside the repository), so that a process killed half-way
 * can be rolled back by the next one, and the seam tests use to fail or die between two files.
 */
export interface WriteJournal {
  save(backup: Backup): Promise<void>;
  clear(): Promise<void>;
  afterEach?(path: string): Promise<void> | void;
}

class WriteRefused extends Error {}

/** A write failed and so did putting the files back: the journal keeps the backup for the next attempt. */
export class RestoreFailed extends Error {}

function fingerprint(bytes: Buffer | null): string | null {
  return bytes === null ? null : sha256(bytes);
}

async function currentFingerprint(repoRoot: string, path: string): Promise<string | null | undefined> {
  const read = await readRepoFile(repoRoot, path, PATCH_LIMITS.maxFileBytes);
  if (read.kind === 'missing') return null;
  return read.kind === 'file' ? sha256(read.bytes) : undefined;
}

async function missingDirs(repoRoot: string, writes: readonly FileWrite[]): Promise<string[]> {
  const dirs = new Set<string>();
  for (const write of writes) {
    if (write.after === null) continue;
    const segments = write.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/');
      const state = await inspectRepoPath(repoRoot, dir);
      // inspectRepoPath calls a folder at the end of the path "not regular" (not a file): that is the good case.
      if (state.kind === 'missing') dirs.add(dir);
      else if (!(state.kind === 'not_regular' && state.at === dir)) {
        throw new WriteRefused(`${dir} is not a plain folder`);
      }
    }
  }
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length);
}

/** Puts every saved file back byte for byte (and mode), removes what was not there. */
export async function restoreBackup(repoRoot: string, backup: Backup): Promise<void> {
  for (const temp of backup.temps) {
    if ((await inspectRepoPath(repoRoot, temp)).kind === 'file')
      await rm(join(repoRoot, temp), { force: true });
  }
  for (const file of backup.files) {
    const state = await inspectRepoPath(repoRoot, file.path);
    if (state.kind === 'symlink' || state.kind === 'not_regular') {
      throw new Error(`cannot restore ${file.path}: ${state.at} is no longer a plain folder or file`);
    }
    const target = join(repoRoot, file.path);
    if (file.bytes === null) {
      if (state.kind === 'file') await rm(target, { force: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.restore`);
    await writeFile(temp, file.bytes, { flag: 'wx' });
    await chmod(temp, file.mode ?? 0o644);
    await rename(temp, target);
  }
  for (const dir of [...backup.createdDirs].reverse()) {
    await rmdir(join(repoRoot, dir)).catch(() => {});
  }
}

/** After a deletion, folders left empty go too (as git does), up to but not including the repository. */
async function removeEmptyParents(repoRoot: string, path: string): Promise<void> {
  let dir = dirname(path);
  while (dir !== '.' && dir !== '') {
    const entries = await readdir(join(repoRoot, dir)).catch(() => null);
    if (entries === null || entries.length > 0) return;
    await rmdir(join(repoRoot, dir)).catch(() => {});
    dir = dirname(dir);
  }
}

/**
 * Writes exactly the computed bytes, all files or none: every file is first checked to be as it was read
 * (so nothing that changed meanwhile is overwritten), the backup goes to the journal, each new file is
 * written beside its target and renamed over it, deletions follow, and every file is verified. On any
 * failure everything is put back and the error rethrown.
 */
export async function writeAtomically(
  repoRoot: string,
  writes: readonly FileWrite[],
  journal: WriteJournal,
): Promise<void> {
  for (const write of writes) {
    if ((await currentFingerprint(repoRoot, write.path)) !== fingerprint(write.before)) {
      throw new WriteRefused(`${write.path} changed after it was checked`);
    }
  }
  const staged = writes
    .filter((write): write is FileWrite & { after: Buffer } => write.after !== null)
    .map((write) => ({
      write,
      temp: posix.join(
        posix.dirname(write.path),
        `.${posix.basename(write.path)}.${randomBytes(4).toString('hex')}.codex-retro`,
      ),
    }));
  const backup: Backup = {
    files: writes.map((write) => ({
      path: write.path,
      bytes: write.before,
      mode: write.before === null ? null : write.mode,
    })),
    createdDirs: await missingDirs(repoRoot, writes),
    temps: staged.map((item) => item.temp),
  };
  await journal.save(backup);
  try {
    for (const dir of backup.createdDirs) await mkdir(join(repoRoot, dir));
    for (const { write, temp } of staged) {
      await writeFile(join(repoRoot, temp), write.after, { flag: 'wx', mode: write.mode });
      await chmod(join(repoRoot, temp), write.mode);
    }
    for (const { write, temp } of staged) {
      await rename(join(repoRoot, temp), join(repoRoot, write.path));
      await journal.afterEach?.(write.path);
    }
    for (const write of writes) {
      if (write.after !== null) continue;
      await rm(join(repoRoot, write.path));
      await removeEmptyParents(repoRoot, write.path);
      await journal.afterEach?.(write.path);
    }
    for (const write of writes) {
      if ((await currentFingerprint(repoRoot, write.path)) !== fingerprint(write.after)) {
        throw new WriteRefused(`${write.path} did not come out as computed`);
      }
    }
  } catch (error) {
    try {
      await restoreBackup(repoRoot, backup);
    } catch (restoreError) {
      throw new RestoreFailed(
        `${(error as Error).message}; restoring failed too: ${(restoreError as Error).message}`,
      );
    }
    await journal.clear();
    throw error;
  }
  await journal.clear();
}
