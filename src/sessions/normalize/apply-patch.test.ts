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
