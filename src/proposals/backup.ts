import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inspectRepoPath, readRepoFile, sha256 } from './checks/disk.js';

interface SavedFile {
  path: string;
  bytes: Buffer | null;
  mode: number | null;
}

/** The exact state of the files a patch touches, taken before git writes, so any failure can be undone. */
export interface Backup {
  files: SavedFile[];
  /** Folders on the way to each file that did not exist yet (git creates them; a rollback removes them). */
  missingDirs: string[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

export async function backupFiles(repoRoot: string, paths: string[]): Promise<Backup> {
  const files: SavedFile[] = [];
  const missingDirs = new Set<string>();
  for (const path of paths) {
    const bytes = await readRepoFile(repoRoot, path);
    const mode = bytes === null ? null : (await lstat(join(repoRoot, path))).mode & 0o7777;
    files.push({ path, bytes, mode });
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/');
      if (!(await exists(join(repoRoot, dir)))) missingDirs.add(dir);
    }
  }
  return { files, missingDirs: [...missingDirs].sort((a, b) => b.length - a.length) };
}

export function hashBackup(backup: Backup, path: string): string | null {
  const saved = backup.files.find((file) => file.path === path);
  return saved?.bytes ? sha256(saved.bytes) : null;
}

/** Puts every saved file back byte for byte (and mode), removes files and folders that were not there. */
export async function restoreBackup(repoRoot: string, backup: Backup): Promise<void> {
  for (const file of backup.files) {
    const target = join(repoRoot, file.path);
    const state = await inspectRepoPath(repoRoot, file.path);
    if (state.kind === 'symlink' || state.kind === 'not_regular') {
      throw new Error(`cannot restore ${file.path}: ${state.at} is no longer a plain folder or file`);
    }
    if (file.bytes === null) {
      if (state.kind === 'file') await rm(target, { force: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(4).toString('hex')}.restore`;
    await writeFile(temp, file.bytes, { flag: 'wx' });
    await chmod(temp, file.mode ?? 0o644);
    await rename(temp, target);
  }
  for (const dir of backup.missingDirs) {
    await rmdir(join(repoRoot, dir)).catch(() => {});
  }
}

/** The sha256 of each path as it is on disk now (null: missing). */
export async function hashCurrent(repoRoot: string, paths: string[]): Promise<Map<string, string | null>> {
  const hashes = new Map<string, string | null>();
  for (const path of paths) {
    const bytes = await readRepoFile(repoRoot, path).catch(() => undefined);
    hashes.set(path, bytes === undefined ? 'unreadable' : bytes === null ? null : sha256(bytes));
  }
  return hashes;
}
