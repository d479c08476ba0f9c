import type { ReactNode } from 'react';
import type { PatchFileView } from '../api/types.js';
import { OPERATION_WORD } from './file-diff.js';
import { buildFileTree, type TreeNode } from './file-tree.js';

const LETTER: Record<PatchFileView['operation'], string> = {
  add: 'A',
  modify: 'M',
  delete: 'D',
  rename: 'R',
  copy: 'C',
};

function Counts({ added, removed }: { added: number; removed: number }): ReactNode {
  return (
    <span className="counts">
      <span className="add">+{added}</span> <span className="del">−{removed}</span>
    </span>
  );
}

function Nodes({ nodes, onPick }: { nodes: TreeNode[]; onPick: (index: number) => void }): ReactNode {
  return (
    <ul>
      {nodes.map((node) =>
        node.kind === 'folder' ? (
          <li key={`d:${node.path}`} className="tree-folder">
            <span className="tree-name" title={node.path}>
              {node.name}/
            </span>
            <Nodes nodes={node.children} onPick={onPick} />
          </li>
        ) : (
          <li key={`f:${node.index}`} className="tree-file" data-operation={node.file.operation}>
            <button
              type="button"
              onClick={() => onPick(node.index)}
              title={
                node.file.old_path && node.file.old_path !== node.file.path
                  ? `${OPERATION_WORD[node.file.operation]} from ${node.file.old_path}`
                  : node.file.path
              }
            >
              <span className={`op op-${node.file.operation}`} aria-hidden="true">
                {LETTER[node.file.operation]}
              </span>
              <span className="visually-hidden">{OPERATION_WORD[node.file.operation]}: </span>
              <span className="tree-name">{node.name}</span>
              <Counts added={node.file.added} removed={node.file.removed} />
            </button>
          </li>
        ),
      )}
    </ul>
  );
}

/** Every changed path of the patch as a folder tree; picking a file shows it in the diff. */
export function FileTreeView({
  files,
  onPick,
}: {
  files: readonly PatchFileView[];
  onPick: (index: number) => void;
}): ReactNode {
  return (
    <nav className="file-tree" aria-label="Changed files">
      <Nodes nodes={buildFileTree(files)} onPick={onPick} />
    </nav>
  );
}
