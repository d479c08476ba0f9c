import type { PatchFileView } from '../api/types.js';

/**
 * The changed paths of a patch as a folder tree, for the review's file list: every file of the patch once,
 * under the folders of the path it has afterwards, with the lines it adds and removes; each folder sums its
 * files. A chain of folders holding only one folder is shown as one (`.codex/skills/review`).
 */
interface TreeFile {
  kind: 'file';
  name: string;
  /** Position of the file in the patch (and in the diff shown beside the tree). */
  index: number;
  file: PatchFileView;
}

interface TreeFolder {
  kind: 'folder';
  name: string;
  path: string;
  added: number;
  removed: number;
  children: TreeNode[];
}

export type TreeNode = TreeFile | TreeFolder;

function folder(name: string, path: string): TreeFolder {
  return { kind: 'folder', name, path, added: 0, removed: 0, children: [] };
}

function insert(root: TreeFolder, file: PatchFileView, index: number): void {
  const parts = file.path.split('/');
  const name = parts.pop() ?? file.path;
  let current = root;
  current.added += file.added;
  current.removed += file.removed;
  for (const part of parts) {
    const path = current.path === '' ? part : `${current.path}/${part}`;
    let next = current.children.find(
      (child): child is TreeFolder => child.kind === 'folder' && child.path === path,
    );
    if (!next) {
      next = folder(part, path);
      current.children.push(next);
    }
    next.added += file.added;
    next.removed += file.removed;
    current = next;
  }
  current.children.push({ kind: 'file', name, index, file });
}

function compact(node: TreeFolder): TreeFolder {
  let current = node;
  while (current.children.length === 1 && current.children[0]?.kind === 'folder') {
    const only = current.children[0];
    current = { ...only, name: `${current.name}/${only.name}` };
  }
  const children = current.children.map((child) => (child.kind === 'folder' ? compact(child) : child));
  children.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  return { ...current, children };
}

/** The root's children: top-level folders first, then files at the root, each group by name. */
export function buildFileTree(files: readonly PatchFileView[]): TreeNode[] {
  const root = folder('', '');
  for (const [index, file] of files.entries()) insert(root, file, index);
  return root.children
    .map((child) => (child.kind === 'folder' ? compact(child) : child))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
}
