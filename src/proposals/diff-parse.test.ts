import { describe, expect, it } from 'vitest';
import { parseDiff } from './diff-parse.js';
import { formatCanonicalDiff } from './diff-serialize.js';

function parsed(text: string) {
  const result = parseDiff(text);
  if (!result.ok) throw new Error(result.reason);
  return result.files;
}

describe('parseDiff', () => {
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
    expect(files.map((file) => [file.kind, file.oldPath, file.newPath])).toEqual([
      ['modify', 'AGENTS.md', 'AGENTS.md'],
      ['create', null, '.codex/skills/x/SKILL.md'],
      ['delete', 'old.md', null],
    ]);
    expect(files[0]!.hunks[0]).toMatchObject({
      oldCount: 2,
      newCount: 3,
      section: ' # Agents',
      recounted: false,
    });
  });

  it('recounts hunk headers whose line counts do not match the body', () => {
    const files = parsed(
      '--- a/A.md\n+++ b/A.md\n@@ -1,9 +1,1 @@\n one\n-two\n+2\n three\n--- a/B.md\n+++ b/B.md\n@@ -1 +1 @@\n-b\n+B\n',
    );
    expect(files[0]!.hunks[0]).toMatchObject({ oldCount: 3, newCount: 3, recounted: true });
    expect(files[1]!.hunks[0]).toMatchObject({ oldCount: 1, newCount: 1, recounted: false });
    expect(formatCanonicalDiff(files)).toBe(
      'diff --git a/A.md b/A.md\n--- a/A.md\n+++ b/A.md\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n' +
        'diff --git a/B.md b/B.md\n--- a/B.md\n+++ b/B.md\n@@ -1,1 +1,1 @@\n-b\n+B\n',
    );
  });

  it('treats an empty line inside a hunk as empty context, and blank lines between files as separators', () => {
    const files = parsed(
      '--- a/A.md\n+++ b/A.md\n@@ -1,3 +1,4 @@\n one\n\n+new\n three\n\n\n--- a/B.md\n+++ b/B.md\n@@ -1 +1 @@\n-b\n+B\n',
    );
    expect(files[0]!.hunks[0]!.lines).toEqual([' one', ' ', '+new', ' three']);
    expect(files).toHaveLength(2);
  });

  it('keeps "\\ No newline at end of file" markers', () => {
    const files = parsed(
      '--- a/A.md\n+++ b/A.md\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n',
    );
    expect(files[0]!.hunks[0]!.lines).toEqual([
      '-a',
      '\\ No newline at end of file',
      '+b',
      '\\ No newline at end of file',
    ]);
  });

  it('decodes git-quoted paths and reads renames and copies', () => {
    const files = parsed(
      'diff --git "a/caf\\303\\251.md" "b/caf\\303\\251.md"\n--- "a/caf\\303\\251.md"\n+++ "b/caf\\303\\251.md"\n@@ -1 +1 @@\n-a\n+b\n' +
        'diff --git a/x/one.md b/x/two.md\nsimilarity index 100%\nrename from x/one.md\nrename to x/two.md\n' +
        'diff --git a/x/a.md b/x/c.md\nsimilarity index 100%\ncopy from x/a.md\ncopy to x/c.md\n',
    );
    expect(files.map((file) => [file.kind, file.oldPath, file.newPath])).toEqual([
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
    const result = parseDiff(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
