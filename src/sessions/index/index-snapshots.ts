import type { IndexedFile } from './index-db.js';

/**
 * The TypeScript-era CLI saved each conversation again and again, every save a new file with a new id whose
 * items extend the previous save's. Only the last snapshot is a session: files whose item hashes are a
 * prefix of another file's are hidden (of identical snapshots, the last path is kept).
 */
export function hiddenSnapshots(rows: Pick<IndexedFile, 'id' | 'path' | 'itemHashes'>[]): Set<number> {
  const groups = new Map<string, Pick<IndexedFile, 'id' | 'path' | 'itemHashes'>[]>();
  for (const row of rows) {
    const first = row.itemHashes?.[0];
    if (first === undefined) continue;
    const group = groups.get(first);
    if (group) group.push(row);
    else groups.set(first, [row]);
  }
  const hidden = new Set<number>();
  for (const group of groups.values()) {
    for (const row of group) {
      if (group.some((other) => other !== row && isExtendedBy(row, other))) hidden.add(row.id);
    }
  }
  return hidden;
}

/** True when `longer` starts with all of `row`'s items (an identical snapshot wins by a later path). */
function isExtendedBy(
  row: Pick<IndexedFile, 'path' | 'itemHashes'>,
  longer: Pick<IndexedFile, 'path' | 'itemHashes'>,
): boolean {
  const a = longer.itemHashes!;
  const b = row.itemHashes!;
  if (a.length < b.length || (a.length === b.length && longer.path < row.path)) return false;
  return b.every((hash, i) => a[i] === hash);
}
