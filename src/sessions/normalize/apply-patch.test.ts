import { describe, expect, it } from 'vitest';
import { describePatch, findPatchText, parsePatch } from './apply-patch.js';

const PATCH = [
  '*** Begin Patch',
  '*** Add File: docs/new.md',
  '+# New',
  '+text',
  '*** Update File: src/app.ts',
  '*** Move to: src/main.ts',
  '@@ function main',
  ' const a = 1;',
  '-const b = 2;',
  '+const b = 3;',
  '+const c = 4;',
  '*** End of File',
  '*** Delete File: old.txt',
  '*** End Patch',
].join('\n');

describe('apply_patch', () => {
  it('lists files with their kind and lines added and removed', () => {
    const files = parsePatch(PATCH);
    expect(files).toEqual([
      { path: 'docs/new.md', kind: 'add', added: 2, removed: 0 },
      { path: 'src/app.ts', kind: 'move', move_to: 'src/main.ts', added: 2, removed: 1 },
      { path: 'old.txt', kind: 'delete', added: 0, removed: 0 },
    ]);
    expect(describePatch(files)).toBe(
      'A docs/new.md (+2 -0)\nR src/app.ts → src/main.ts (+2 -1)\nD old.txt (+0 -0)',
    );
  });

  it("keeps each file's lines as written, part by part, numbered only in a file it adds", () => {
    const files = parsePatch(`${PATCH}\n`, { hunks: true });
    const line = (kind: string, text: string, number: number | null = null) => ({
      kind,
      text,
      old_line: null,
      new_line: number,
    });
    expect(files.map((file) => file.hunks)).toEqual([
      [{ header: '@@ -0,0 +1,2 @@', lines: [line('add', '# New', 1), line('add', 'text', 2)] }],
      [
        {
          header: '@@ function main',
          lines: [
            line('context', 'const a = 1;'),
            line('remove', 'const b = 2;'),
            line('add', 'const b = 3;'),
            line('add', 'const c = 4;'),
          ],
        },
      ],
      [],
    ]);
    // Counted as before, with or without the lines.
    expect(files.map(({ hunks: _, ...file }) => file)).toEqual(parsePatch(PATCH));
  });

  it('reads a first part without @@, several parts, and blank context lines', () => {
    const patch = [
      '*** Begin Patch',
      '*** Update File: a.py',
      ' def f():',
      '-    return 1',
      '+    return 2',
      '@@ class B:',
      '',
      '-    x = 1',
      '+    x = 2',
      '*** End of File',
      '*** End Patch',
      '',
    ].join('\n');
    const [file] = parsePatch(patch, { hunks: true });
    expect(file?.hunks?.map((hunk) => [hunk.header, hunk.lines.map((l) => `${l.kind}:${l.text}`)])).toEqual([
      ['@@', ['context:def f():', 'remove:    return 1', 'add:    return 2']],
      ['@@ class B:', ['context:', 'remove:    x = 1', 'add:    x = 2']],
    ]);
  });

  it('finds the patch in every form Codex sends it', () => {
    expect(findPatchText('apply_patch', `${PATCH}\n`)).toBe(PATCH);
    expect(findPatchText('apply_patch', JSON.stringify({ input: PATCH }))).toBe(PATCH);
    expect(findPatchText('shell', JSON.stringify({ command: ['apply_patch', PATCH] }))).toBe(PATCH);
    const heredoc = `cd repo && apply_patch <<'EOF'\n${PATCH}\nEOF\n`;
    expect(findPatchText('exec_command', JSON.stringify({ cmd: heredoc }))).toBe(PATCH);
    expect(findPatchText('shell_command', JSON.stringify({ command: heredoc }))).toBe(PATCH);
    expect(findPatchText('shell', JSON.stringify({ command: ['bash', '-lc', heredoc] }))).toBe(PATCH);
  });

  it('ignores calls that only mention a patch', () => {
    expect(
      findPatchText('exec_command', JSON.stringify({ cmd: `cat <<'EOF' > notes.md\n${PATCH}\nEOF` })),
    ).toBeNull();
    expect(findPatchText('exec_command', JSON.stringify({ cmd: 'ls' }))).toBeNull();
  });
});
