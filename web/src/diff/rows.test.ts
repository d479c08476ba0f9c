import { describe, expect, it } from 'vitest';
import type { PatchFileView } from '../api/types.js';
import { describeChange, fileRows, pairRows } from './rows.js';

const FILE: PatchFileView = {
  operation: 'modify',
  path: 'AGENTS.md',
  old_path: 'AGENTS.md',
  new_path: 'AGENTS.md',
  old_mode: null,
  new_mode: null,
  binary: false,
  added: 3,
  removed: 1,
  hunks: [
    {
      header: '@@ -3,2 +3,4 @@',
      stated_header: '@@ -3,2 +3,2 @@',
      old_start: 3,
      old_count: 2,
      new_start: 3,
      new_count: 4,
      lines: [
        { kind: 'context', text: 'Run npm test.', old_line: 3, new_line: 3, no_newline: false },
        { kind: 'remove', text: 'old', old_line: 4, new_line: null, no_newline: true },
        { kind: 'add', text: 'one', old_line: null, new_line: 4, no_newline: false },
        { kind: 'add', text: 'two', old_line: null, new_line: 5, no_newline: false },
        { kind: 'add', text: 'three', old_line: null, new_line: 6, no_newline: true },
      ],
    },
  ],
};

describe('diff rows from the server structure', () => {
  it('shows every line the server sent, with its numbers, whatever the stated header said', () => {
    expect(fileRows(FILE).map((row) => [row.kind, row.text, row.oldNo, row.newNo])).toEqual([
      ['ctx', 'Run npm test.', 3, 3],
      ['del', 'old', 4, null],
      ['note', '\\ No newline at end of file', null, null],
      ['add', 'one', null, 4],
      ['add', 'two', null, 5],
      ['add', 'three', null, 6],
      ['note', '\\ No newline at end of file', null, null],
    ]);
  });

  it('pairs removals with the additions that replace them, side by side', () => {
    const rows = fileRows({
      ...FILE,
      hunks: [{ ...FILE.hunks[0]!, lines: FILE.hunks[0]!.lines.map((l) => ({ ...l, no_newline: false })) }],
    });
    expect(pairRows(rows).map((row) => [row.left?.text ?? null, row.right?.text ?? null])).toEqual([
      ['Run npm test.', 'Run npm test.'],
      ['old', 'one'],
      [null, 'two'],
      [null, 'three'],
    ]);
  });

  it('says how each file changes', () => {
    expect(describeChange({ ...FILE, operation: 'rename', old_path: 'a.md', new_path: 'b.md' })).toBe(
      'renamed from a.md to b.md',
    );
    expect(describeChange({ ...FILE, operation: 'delete' })).toBe('deleted');
  });
});
