import { type Dirent, readdirSync, type Stats, statSync } from 'node:fs';
import { join, sep } from 'node:path';

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
 * symlink loops are reported and skipped so the walk always finishes. The walk is synchronous: one stat
 * per file is a few microseconds this way, several times more through the thread pool, and a warm list
 * is mostly this walk.
 */
export async function locateRollouts(codexHome: string): Promise<LocateResult> {
  const problems: LocateProblem[] = [];
  const visited = new Set<string>();
  const live = walkTree(join(codexHome, 'sessions'), false, visited, problems);
  const archived = walkTree(join(codexHome, 'archived_sessions'), true, visited, problems);
  const archivedIds = new Set(archived.flatMap((file) => (file.nameId ? [file.nameId] : [])));
  const files = [...live.filter((file) => !file.nameId || !archivedIds.has(file.nameId)), ...archived];
  return { files, problems };
}

function walkTree(
  root: string,
  archived: boolean,
  visited: Set<string>,
  problems: LocateProblem[],
): RolloutFile[] {
  const rootStat = statOrNull(root);
  if (!rootStat?.isDirectory()) return [];
  const files: RolloutFile[] = [];
  walkDir(root, `${rootStat.dev}:${rootStat.ino}`, archived, visited, problems, files);
  return files;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function walkDir(
  dir: string,
  key: string,
  archived: boolean,
  visited: Set<string>,
  problems: LocateProblem[],
  out: RolloutFile[],
): void {
  if (visited.has(key)) {
    problems.push({ path: dir, kind: 'symlink_loop', message: 'directory already visited (symlink loop)' });
    return;
  }
  visited.add(key);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: dir, kind: 'unreadable_dir', message: (error as Error).message });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // `dir` is already normal (joined from a resolved root): a separator is all a child path needs.
  const prefix = dir.endsWith(sep) ? dir : `${dir}${sep}`;
  for (const entry of entries) {
    const path = prefix + entry.name;
    const isCandidateFile = ROLLOUT_NAME.test(entry.name);
    if (!entry.isDirectory() && !entry.isSymbolicLink() && !(entry.isFile() && isCandidateFile)) continue;
    let info: Stats;
    try {
      info = statSync(path);
    } catch (error) {
      const loop = (error as NodeJS.ErrnoException).code === 'ELOOP';
      problems.push({
        path,
        kind: loop ? 'symlink_loop' : 'unreadable_file',
        message: (error as Error).message,
      });
      continue;
    }
    if (info.isDirectory()) {
      walkDir(path, `${info.dev}:${info.ino}`, archived, visited, problems, out);
    } else if (info.isFile() && isCandidateFile) {
      out.push({
        path,
        archived,
        size: info.size,
        mtimeMs: info.mtimeMs,
        ino: info.ino,
        nameId: NAME_ID.exec(entry.name)?.[1]?.toLowerCase() ?? null,
      });
    }
  }
}
