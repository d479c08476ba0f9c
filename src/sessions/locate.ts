import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One rollout file on disk, as the index cache keys it. */
export interface RolloutFile {
  path: string;
  archived: boolean;
  size: number;
  mtimeMs: number;
  ino: number;
  /** The session id in the file name (the UUID before the extension), when there is one. */
  nameId: string | null;
}

export interface LocateProblem {
  path: string;
  kind: 'unreadable_dir' | 'symlink_loop' | 'unreadable_file';
  message: string;
}

export interface LocateResult {
  files: RolloutFile[];
  problems: LocateProblem[];
}

const ROLLOUT_NAME = /^rollout-.*\.jsonl?$/;
const NAME_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl?$/i;

/**
 * Finds every rollout under `sessions/` and `archived_sessions/` (dated or flat dirs, `.jsonl` and the
 * older `.json`). A session present in both trees is listed once, as archived. Unreadable dirs and
 * symlink loops are reported and skipped so the walk always finishes.
 */
export async function locateRollouts(codexHome: string): Promise<LocateResult> {
  const problems: LocateProblem[] = [];
  const visited = new Set<string>();
  const live = await walkTree(join(codexHome, 'sessions'), false, visited, problems);
  const archived = await walkTree(join(codexHome, 'archived_sessions'), true, visited, problems);
  const archivedIds = new Set(archived.flatMap((file) => (file.nameId ? [file.nameId] : [])));
  const files = [...live.filter((file) => !file.nameId || !archivedIds.has(file.nameId)), ...archived];
  return { files, problems };
}

async function walkTree(
  root: string,
  archived: boolean,
  visited: Set<string>,
  problems: LocateProblem[],
): Promise<RolloutFile[]> {
  const rootStat = await stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) return [];
  const files: RolloutFile[] = [];
  await walkDir(root, `${rootStat.dev}:${rootStat.ino}`, archived, visited, problems, files);
  return files;
}

async function walkDir(
  dir: string,
  key: string,
  archived: boolean,
  visited: Set<string>,
  problems: LocateProblem[],
  out: RolloutFile[],
): Promise<void> {
  if (visited.has(key)) {
    problems.push({ path: dir, kind: 'symlink_loop', message: 'directory already visited (symlink loop)' });
    return;
  }
  visited.add(key);
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: dir, kind: 'unreadable_dir', message: (error as Error).message });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      const isCandidateFile = ROLLOUT_NAME.test(entry.name);
      if (!entry.isDirectory() && !entry.isSymbolicLink() && !(entry.isFile() && isCandidateFile))
        return null;
      try {
        const info = await stat(path);
        return { path, info, isCandidateFile };
      } catch (error) {
        const loop = (error as NodeJS.ErrnoException).code === 'ELOOP';
        problems.push({
          path,
          kind: loop ? 'symlink_loop' : 'unreadable_file',
          message: (error as Error).message,
        });
        return null;
      }
    }),
  );
  for (const item of found) {
    if (!item) continue;
    const { path, info, isCandidateFile } = item;
    if (info.isDirectory()) {
      await walkDir(path, `${info.dev}:${info.ino}`, archived, visited, problems, out);
    } else if (info.isFile() && isCandidateFile) {
      out.push({
        path,
        archived,
        size: info.size,
        mtimeMs: info.mtimeMs,
        ino: info.ino,
        nameId: NAME_ID.exec(path)?.[1]?.toLowerCase() ?? null,
      });
    }
  }
}
