import type { PatchFileView, PatchHunkView } from '../api/types.js';

/**
 * Rows of the diff viewer, made from the server's patch structure alone: one row per line of every hunk, in
 * order, with the numbers the server gave, and a note row where a side ends without a newline. Nothing is
 * parsed or counted here, so the viewer cannot show fewer (or other) lines than are applied.
 */
export interface DiffRow {
  kind: 'add' | 'del' | 'ctx' | 'note';
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

const KIND = { add: 'add', remove: 'del', context: 'ctx' } as const;

export function hunkRows(hunk: PatchHunkView): DiffRow[] {
  return hunk.lines.flatMap((line) => {
    const row: DiffRow = {
      kind: KIND[line.kind],
      text: line.text,
      oldNo: line.old_line,
      newNo: line.new_line,
    };
    if (!line.no_newline) return [row];
    return [row, { kind: 'note' as const, text: '\\ No newline at end of file', oldNo: null, newNo: null }];
  });
}

export function fileRows(file: PatchFileView): DiffRow[] {
  return file.hunks.flatMap(hunkRows);
}

/** How a file changes, in words, for the file header and the confirmation. */
export function describeChange(file: PatchFileView): string {
  if (file.operation === 'rename') return `renamed from ${file.old_path} to ${file.new_path}`;
  if (file.operation === 'copy') return `copied from ${file.old_path} to ${file.new_path}`;
  if (file.operation === 'add') return 'added';
  if (file.operation === 'delete') return 'deleted';
  return 'modified';
}

export interface SplitRow {
  left: DiffRow | null;
  right: DiffRow | null;
}

/** Side-by-side rows: removals on the left paired with the additions that replace them. */
export function pairRows(rows: DiffRow[]): SplitRow[] {
  const out: SplitRow[] = [];
  let i = 0;
  while (i < rows.length) {
    const row = rows[i] as DiffRow;
    if (row.kind === 'del' || row.kind === 'add') {
      const dels: DiffRow[] = [];
      const adds: DiffRow[] = [];
      while (i < rows.length && (rows[i] as DiffRow).kind === 'del') dels.push(rows[i++] as DiffRow);
      while (i < rows.length && (rows[i] as DiffRow).kind === 'add') adds.push(rows[i++] as DiffRow);
      for (let k = 0; k < Math.max(dels.length, adds.length); k++) {
        out.push({ left: dels[k] ?? null, right: adds[k] ?? null });
      }
      continue;
    }
    out.push(row.kind === 'note' ? { left: row, right: null } : { left: row, right: row });
    i++;
  }
  return out;
}
