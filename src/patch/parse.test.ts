import { describe, expect, it } from 'vitest';
import type { PatchLine } from './model.js';
import { parsePatch } from './parse.js';
import { formatPatch } from './serialize.js';

function parsed(text: string) {
  const result = parsePatch(text);
  if (!result.ok) throw new Error(result.reason);
  return result.files;
}

describe('parsePatch', () => {
  it('reads a git diff with an edit, a new file and a deletion', () => {
    const files = parsed(
      [
        'diff --git a/AGENTS.md b/AGENTS.md',
        'index 1111111..2222222 100644',
        '--- a/AGENTS.md',
        '+++ b/AGENTS.md',
        '@@ -1,2 +1,3 @@ # Agents',
        ' # Agents',
        '+New rule.',
        ' ',
        'diff --git a/.codex/skills/x/SKILL.md b/.codex/skills/x/SKILL.md',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/.codex/skills/x/SKILL.md',
        '@@ -0,0 +1 @@',
        '+---',
        'diff --git a/old.md b/old.md',
        'deleted file mode 100644',
        '--- a/old.md',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-gone',
        '',
      ].join('\n'),
    );
    expect(files.map((file) => [file.operation, file.oldPath, file.newPath])).toEqual([
      ['modify', 'AGENTS.md', 'AGENTS.md'],
      ['add', null, '.codex/skills/x/SKILL.md'],
      ['delete', 'old.md', null],
    ]);
    expect(files[0]!.hunks[0]).toMatchObject({
      oldCount: 2,
      newCount: 3,
      section: ' # Agents',
      stated: null,
    });
  });

  it('recounts hunk headers whose line counts do not match the body', () => {
    const files = parsed(
      '--- a/A.md\n+++ b/A.md\n@@ -1,9 +1,1 @@\n one\n-two\n+2\n three\n--- a/B.md\n+++ b/B.md\n@@ -1 +1 @@\n-b\n+B\n',
    );
    expect(files[0]!.hunks[0]).toMatchObject({ oldCount: 3, newCount: 3, stated: '@@ -1,9 +1,1 @@' });
    expect(files[1]!.hunks[0]).toMatchObject({ oldCount: 1, newCount: 1, stated: null });
    expect(formatPatch(files)).toBe(
      'diff --git a/A.md b/A.md\n--- a/A.md\n+++ b/A.md\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n' +
        'diff --git a/B.md b/B.md\n--- a/B.md\n+++ b/B.md\n@@ -1,1 +1,1 @@\n-b\n+B\n',
    );
  });

  it('treats an empty line inside a hunk as empty context, and blank lines between files as separators', () => {
    const files = parsed(
      '--- a/A.md\n+++ b/A.md\n@@ -1,3 +1,4 @@\n one\n\n+new\n three\n\n\n--- a/B.md\n+++ b/B.md\n@@ -1 +1 @@\n-b\n+B\n',
    );
    expect(files[0]!.hunks[0]!.lines).toEqual([ctx('one'), ctx(''), add('new'), ctx('three')]);
    expect(files).toHaveLength(2);
  });

  it('attaches "\\ No newline at end of file" to the last line of its side', () => {
    const files = parsed(
      '--- a/A.md\n+++ b/A.md\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n',
    );
    expect(files[0]!.hunks[0]!.lines).toEqual([
      { kind: 'remove', text: 'a', noNewline: true },
      { kind: 'add', text: 'b', noNewline: true },
    ]);
  });

  it('decodes git-quoted paths and reads renames and copies', () => {
    const files = parsed(
      'diff --git "a/caf\\303\\251.md" "b/caf\\303\\251.md"\n--- "a/caf\\303\\251.md"\n+++ "b/caf\\303\\251.md"\n@@ -1 +1 @@\n-a\n+b\n' +
        'diff --git a/x/one.md b/x/two.md\nsimilarity index 100%\nrename from x/one.md\nrename to x/two.md\n' +
        'diff --git a/x/a.md b/x/c.md\nsimilarity index 100%\ncopy from x/a.md\ncopy to x/c.md\n',
    );
    expect(files.map((file) => [file.operation, file.oldPath, file.newPath])).toEqual([
      ['modify', 'café.md', 'café.md'],
      ['rename', 'x/one.md', 'x/two.md'],
      ['copy', 'x/a.md', 'x/c.md'],
    ]);
  });

  it('drops a Markdown code fence around the whole diff and accepts names without a/ b/', () => {
    const files = parsed('```diff\n--- AGENTS.md\n+++ AGENTS.md\n@@ -1 +1 @@\n-a\n+b\n```\n');
    expect(files[0]).toMatchObject({ oldPath: 'AGENTS.md', newPath: 'AGENTS.md' });
  });

  it('strips a timestamp after a tab on --- / +++ lines', () => {
    const files = parsed(
      '--- a/A.md\t2026-01-01 00:00:00\n+++ b/A.md\t2026-01-02 00:00:00\n@@ -1 +1 @@\n-a\n+b\n',
    );
    expect(files[0]!.newPath).toBe('A.md');
  });

  it.each([
    ['text that is not a diff', 'hello\n', /not part of a unified diff/],
    ['a hunk without file headers', '@@ -1 +1 @@\n-a\n+b\n', /not part of a unified diff/],
    ['file headers without hunks', '--- a/A.md\n+++ b/A.md\n', /has no hunks/],
    ['a hunk that changes nothing', '--- a/A.md\n+++ b/A.md\n@@ -1 +1 @@\n a\n', /changes no line/],
    ['an unterminated quoted path', '--- "a/A.md\n+++ b/A.md\n@@ -1 +1 @@\n-a\n+b\n', /quoted path/],
    ['a rename with one side', 'diff --git a/x b/y\nrename from x\n', /names only one side/],
  ])('refuses %s', (_, text, reason) => {
    const result = parsePatch(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each([
    [
      'a marker between two added lines (git would join them)',
      '--- a/A.md\n+++ b/A.md\n@@ -1 +1,3 @@\n a\n+sk-pr\n\\ No newline at end of file\n+oj-rest\n',
      /join two lines/,
    ],
    [
      'a marker after a context line with more lines below',
      '--- a/A.md\n+++ b/A.md\n@@ -1,2 +1,3 @@\n a\n\\ No newline at end of file\n+b\n c\n',
      /join two lines/,
    ],
    [
      'a marker in a hunk followed by another hunk',
      '--- a/A.md\n+++ b/A.md\n@@ -1 +1 @@\n-a\n+b\n\\ No newline at end of file\n@@ -5 +5 @@\n-e\n+f\n',
      /another hunk follows/,
    ],
    ['hunks out of order', '--- a/A.md\n+++ b/A.md\n@@ -9 +9 @@\n-i\n+I\n@@ -2 +2 @@\n-b\n+B\n', /in order/],
    [
      'overlapping hunks',
      '--- a/A.md\n+++ b/A.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -3,2 +3,2 @@\n c\n-d\n+D\n',
      /in order/,
    ],
    ['old lines starting at line 0', '--- a/A.md\n+++ b/A.md\n@@ -0,1 +0,2 @@\n a\n+b\n', /counted from 1/],
    ['context in a new file', '--- /dev/null\n+++ b/A.md\n@@ -1,1 +1,2 @@\n a\n+b\n', /added lines/],
    [
      'a header number beyond any line',
      '--- a/A.md\n+++ b/A.md\n@@ -99999999999999999999 +1 @@\n-a\n+b\n',
      /too large/,
    ],
  ])('refuses %s', (_, text, reason) => {
    const result = parsePatch(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.check, result.reason]).toEqual(['parse', expect.stringMatching(reason)]);
  });

  it.each([
    ['--- a/AGENTS.md\n+++ b/.codex/skills/x/SKILL.md\n@@ -1 +1 @@\n-a\n+b\n'],
    [
      'diff --git a/AGENTS.md b/.codex/skills/x/SKILL.md\n--- a/AGENTS.md\n+++ b/.codex/skills/x/SKILL.md\n@@ -1 +1 @@\n-a\n+b\n',
    ],
  ])('refuses a rename nobody declared: %j', (text) => {
    const result = parsePatch(text);
    expect(result).toMatchObject({
      ok: false,
      check: 'undeclared_rename',
      reason: expect.stringMatching(/rename from/),
    });
  });

  it('sets each new start from the hunks before it, and keeps the stated header when it was wrong', () => {
    const files = parsed('--- a/A.md\n+++ b/A.md\n@@ -1 +1,2 @@\n a\n+b\n@@ -5 +99 @@\n-e\n+E\n');
    expect(files[0]!.hunks.map((hunk) => [hunk.newStart, hunk.stated])).toEqual([
      [1, null],
      [6, '@@ -5,1 +99,1 @@'],
    ]);
  });
});

const ctx = (text: string): PatchLine => ({ kind: 'context', text, noNewline: false });
const add = (text: string): PatchLine => ({ kind: 'add', text, noNewline: false });
