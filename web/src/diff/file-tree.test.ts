import { describe, expect, it } from 'vitest';
import type { PatchFileView } from '../api/types.js';
import { buildFileTree, type TreeNode } from './file-tree.js';

function file(path: string, operation: PatchFileView['operation'], added: number, removed: number) {
  return {
    operation,
    path,
    old_path: operation === 'add' ? null : path,
    new_path: operation === 'delete' ? null : path,
    old_mode: null,
    new_mode: null,
    binary: false,
    added,
    removed,
    hunks: [],
  } satisfies PatchFileView;
}

/** name (+added −removed) for folders, name [operation #index] for files, nested by indentation. */
function draw(nodes: TreeNode[], depth = 0): string[] {
  return nodes.flatMap((node) => {
    const pad = '  '.repeat(depth);
    if (node.kind === 'file') return [`${pad}${node.name} [${node.file.operation} #${node.index}]`];
    return [`${pad}${node.name}/ (+${node.added} −${node.removed})`, ...draw(node.children, depth + 1)];
  });
}

describe('buildFileTree', () => {
  it('lists every changed path once, under its folders, with the sums of each folder', () => {
    const files = [
      file('AGENTS.md', 'modify', 3, 1),
      file('.codex/skills/review/references/new.md', 'rename', 1, 0),
      file('.codex/skills/review/references/gone.md', 'delete', 0, 1),
      file('.codex/skills/dates/SKILL.md', 'add', 5, 0),
      file('web/AGENTS.md', 'add', 2, 0),
    ];
    expect(draw(buildFileTree(files))).toEqual([
      '.codex/skills/ (+6 −1)',
      '  dates/ (+5 −0)',
      '    SKILL.md [add #3]',
      '  review/references/ (+1 −1)',
      '    gone.md [delete #2]',
      '    new.md [rename #1]',
      'web/ (+2 −0)',
      '  AGENTS.md [add #4]',
      'AGENTS.md [modify #0]',
    ]);
  });

  it('keeps two files of the same name in different folders apart', () => {
    const tree = buildFileTree([file('a/x.md', 'modify', 1, 1), file('b/x.md', 'modify', 2, 2)]);
    expect(draw(tree)).toEqual(['a/ (+1 −1)', '  x.md [modify #0]', 'b/ (+2 −2)', '  x.md [modify #1]']);
  });

  it('gives nothing for an empty patch', () => {
    expect(buildFileTree([])).toEqual([]);
  });
});
