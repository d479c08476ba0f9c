import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every entry under a folder — the repository with all of `.git/` (config, hooks, index, objects) and the
 * folder around it — with its mode and its bytes, so "nothing changed" means byte for byte and mode for mode.
 * Files over BIG_FILE (the sparse ones) are not read whole: size, allocated blocks and the first and last
 * MiB stand for their content, so writing real bytes into one still shows.
 */
const BIG_FILE = 64 * 1024 * 1024;
const EDGE = 1024 * 1024;

interface TreeEntry {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  mode: number;
  /** sha256 of the bytes (of size, blocks and both ends for a big file); a symlink's target. */
  content: string;
  /** The bytes of a file up to 1 MiB, for comparing with what a review showed. */
  bytes?: Buffer;
}

export type TreeSnapshot = Map<string, TreeEntry>;

function hashBigFile(path: string, size: number, blocks: number): string {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(EDGE);
    const tail = Buffer.alloc(EDGE);
    readSync(fd, head, 0, EDGE, 0);
    readSync(fd, tail, 0, EDGE, size - EDGE);
    return `big:${size}:${blocks}:${createHash('sha256').update(head).update(tail).digest('hex')}`;
  } finally {
    closeSync(fd);
  }
}

function walk(root: string, rel: string, out: TreeSnapshot): void {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const full = join(root, path);
    const stats = lstatSync(full);
    if (stats.isSymbolicLink()) {
      out.set(path, { kind: 'symlink', mode: stats.mode, content: readlinkSync(full) });
    } else if (stats.isDirectory()) {
      out.set(path, { kind: 'dir', mode: stats.mode, content: '' });
      walk(root, path, out);
    } else if (!stats.isFile()) {
      out.set(path, { kind: 'other', mode: stats.mode, content: '' });
    } else if (stats.size > BIG_FILE) {
      out.set(path, { kind: 'file', mode: stats.mode, content: hashBigFile(full, stats.size, stats.blocks) });
    } else {
      const bytes = readFileSync(full);
      out.set(path, {
        kind: 'file',
        mode: stats.mode,
        content: createHash('sha256').update(bytes).digest('hex'),
        ...(bytes.length <= EDGE ? { bytes } : {}),
      });
    }
  }
}

export function takeSnapshot(root: string): TreeSnapshot {
  const out: TreeSnapshot = new Map();
  walk(root, '', out);
  return out;
}

export interface TreeChange {
  path: string;
  change: 'added' | 'removed' | 'modified' | 'mode';
  detail: string;
}

function describeEntry(entry: TreeEntry): string {
  return `${entry.kind} ${(entry.mode & 0o7777).toString(8)}`;
}

/** What differs between two snapshots, sorted by path; `ignore` says which paths may change. */
export function compareSnapshots(
  before: TreeSnapshot,
  after: TreeSnapshot,
  ignore: (path: string) => boolean = () => false,
): TreeChange[] {
  const changes: TreeChange[] = [];
  for (const [path, entry] of before) {
    if (ignore(path)) continue;
    const now = after.get(path);
    if (!now) changes.push({ path, change: 'removed', detail: describeEntry(entry) });
    else if (now.kind !== entry.kind || now.content !== entry.content)
      changes.push({ path, change: 'modified', detail: `${describeEntry(entry)} → ${describeEntry(now)}` });
    else if (now.mode !== entry.mode)
      changes.push({ path, change: 'mode', detail: `${describeEntry(entry)} → ${describeEntry(now)}` });
  }
  for (const [path, entry] of after) {
    if (!ignore(path) && !before.has(path))
      changes.push({ path, change: 'added', detail: describeEntry(entry) });
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}
