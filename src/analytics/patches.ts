import { detectLanguage } from './languages.js';
import type { AnalyzedSession } from './prepare.js';
import { Counter, compareText } from './stats.js';
import type { PatchMetrics } from './types.js';

const MAX_ROWS = 25;

interface EditTotals {
  edits: number;
  added: number;
  removed: number;
}

/** A path relative to the session's working directory when it lies inside it. */
function relativePath(path: string, cwd: string | null): string {
  if (cwd && path.startsWith(`${cwd.replace(/\/+$/, '')}/`))
    return path.slice(cwd.replace(/\/+$/, '').length + 1);
  return path.replace(/^\.\//, '');
}

function topDirectory(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (path.startsWith('/')) return parts.length > 1 ? `/${parts[0]}` : '(root)';
  return parts.length > 1 ? parts[0]! : '(root)';
}

function add(map: Map<string, EditTotals>, key: string, added: number, removed: number): void {
  const row = map.get(key) ?? { edits: 0, added: 0, removed: 0 };
  row.edits++;
  row.added += added;
  row.removed += removed;
  map.set(key, row);
}

function topRows(map: Map<string, EditTotals>): [string, EditTotals][] {
  return [...map]
    .sort(
      ([a, x], [b, y]) =>
        y.edits - x.edits || y.added + y.removed - (x.added + x.removed) || compareText(a, b),
    )
    .slice(0, MAX_ROWS);
}

/** What apply_patch changed: files, lines added and removed, by language, file and directory. */
export function computePatches(sessions: AnalyzedSession[]): PatchMetrics {
  let patches = 0;
  let failed = 0;
  let added = 0;
  let removed = 0;
  const byKind = new Counter();
  const files = new Map<string, EditTotals>();
  const distinct = new Set<string>();
  const directories = new Map<string, EditTotals>();
  const languages = new Map<string, { files: Set<string>; added: number; removed: number }>();
  for (const session of sessions) {
    for (const entry of session.entries) {
      if (entry.kind !== 'patch' || !entry.patch) continue;
      patches++;
      if (entry.patch.success === false) {
        failed++;
        continue;
      }
      for (const file of entry.patch.files) {
        const path = relativePath(file.move_to ?? file.path, session.meta.cwd);
        // The same relative path in two working directories is two files.
        const fileKey = `${session.meta.cwd ?? ''}\u0000${path}`;
        distinct.add(fileKey);
        added += file.added;
        removed += file.removed;
        byKind.add(file.kind);
        add(files, path, file.added, file.removed);
        add(directories, topDirectory(path), file.added, file.removed);
        const language = detectLanguage(path);
        const row = languages.get(language) ?? { files: new Set<string>(), added: 0, removed: 0 };
        row.files.add(fileKey);
        row.added += file.added;
        row.removed += file.removed;
        languages.set(language, row);
      }
    }
  }
  return {
    patches,
    failed,
    files_changed: distinct.size,
    lines_added: added,
    lines_removed: removed,
    by_kind: byKind.rows(),
    by_language: [...languages]
      .map(([language, row]) => ({ language, files: row.files.size, added: row.added, removed: row.removed }))
      .sort((a, b) => b.added + b.removed - (a.added + a.removed) || compareText(a.language, b.language)),
    top_files: topRows(files).map(([path, row]) => ({ path, ...row })),
    top_directories: topRows(directories).map(([directory, row]) => ({ directory, ...row })),
  };
}
