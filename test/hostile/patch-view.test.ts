import { describe, expect, it } from 'vitest';
import { applyPatchView, type PatchView } from './patch-view.js';

const AGENTS = '# Agents\n\nRun npm test before you commit.\n';
const files: Record<string, string> = { 'AGENTS.md': AGENTS, '.codex/skills/a/SKILL.md': 'old\n' };
const read = (path: string) => files[path] ?? null;

/** Adds one line after line 3 of AGENTS.md, as the API's structure shows it. */
function addLine(): PatchView {
  return {
    files: [
      {
        operation: 'modify',
        path: 'AGENTS.md',
        old_path: 'AGENTS.md',
        new_path: 'AGENTS.md',
        binary: false,
        added: 1,
        removed: 0,
        hunks: [
          {
            header: '@@ -2,2 +2,3 @@',
            stated_header: null,
            old_start: 2,
            old_count: 2,
            new_start: 2,
            new_count: 3,
            lines: [
              { kind: 'context', text: '', old_line: 2, new_line: 2, no_newline: false },
              {
                kind: 'context',
                text: 'Run npm test before you commit.',
                old_line: 3,
                new_line: 3,
                no_newline: false,
              },
              { kind: 'add', text: 'Keep commits small.', old_line: null, new_line: 4, no_newline: false },
            ],
          },
        ],
      },
    ],
  };
}

describe('reading the structured patch as the UI shows it', () => {
  it('applies every line at its numbers', () => {
    expect(applyPatchView(addLine(), read)).toEqual(
      new Map([['AGENTS.md', `${AGENTS}Keep commits small.\n`]]),
    );
  });

  it('reads a rename as the old path removed and the new one written', () => {
    const view: PatchView = {
      files: [
        {
          operation: 'rename',
          path: '.codex/skills/b/SKILL.md',
          old_path: '.codex/skills/a/SKILL.md',
          new_path: '.codex/skills/b/SKILL.md',
          binary: false,
          added: 0,
          removed: 0,
          hunks: [],
        },
      ],
    };
    expect(applyPatchView(view, read)).toEqual(
      new Map([
        ['.codex/skills/a/SKILL.md', null],
        ['.codex/skills/b/SKILL.md', 'old\n'],
      ]),
    );
  });

  const broken: [string, (view: PatchView) => void, RegExp][] = [
    [
      'a line numbered where it is not',
      (v) => {
        v.files[0]!.hunks[0]!.lines[2]!.new_line = 5;
      },
      /numbered new 5/,
    ],
    [
      'context that is not in the file',
      (v) => {
        v.files[0]!.hunks[0]!.lines[1]!.text = 'Run tests.';
      },
      /is not/,
    ],
    [
      'counts that disagree with the lines',
      (v) => {
        v.files[0]!.hunks[0]!.new_count = 4;
      },
      /counts/,
    ],
    [
      'an operation that does not fit',
      (v) => {
        v.files[0]!.operation = 'add';
      },
      /does not fit/,
    ],
    [
      'totals that disagree with the lines',
      (v) => {
        v.files[0]!.added = 0;
      },
      /disagree/,
    ],
    [
      'a line shown without its newline with more after it',
      (v) => {
        v.files[0]!.hunks[0]!.lines[1]!.no_newline = true;
      },
      /is not|without a newline/,
    ],
    [
      'an added line ending without a newline before old lines that follow',
      (v) => {
        const hunk = v.files[0]!.hunks[0]!;
        hunk.lines.splice(1, 1);
        Object.assign(hunk, { old_count: 1, new_count: 2, header: '@@ -2,1 +2,2 @@' });
        hunk.lines[1] = { kind: 'add', text: 'Keep', old_line: null, new_line: 3, no_newline: true };
      },
      /without a newline, yet more lines follow/,
    ],
  ];
  it.each(broken)('refuses %s', (_, breakIt, reason) => {
    const view = addLine();
    breakIt(view);
    expect(() => applyPatchView(view, read)).toThrow(reason);
  });
});
