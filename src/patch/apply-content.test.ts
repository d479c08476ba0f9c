import { describe, expect, it } from 'vitest';
import { applyToContent, joinSegments } from './apply-content.js';
import { parsePatch } from './parse.js';

function apply(diff: string, old: string | Buffer | null): string {
  const parsed = parsePatch(diff);
  if (!parsed.ok) throw new Error(parsed.reason);
  const result = applyToContent(parsed.files[0]!, 'A.md', typeof old === 'string' ? Buffer.from(old) : old);
  if (!result.ok) return `REFUSED: ${result.reason}`;
  return joinSegments(result.segments).toString('latin1');
}

const FILE = 'one\ntwo\nthree\n';

describe('applyToContent', () => {
  it('applies a hunk at exactly its stated line, copying every other byte as it is', () => {
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -2 +2 @@\n-two\n+2\n', FILE)).toBe('one\n2\nthree\n');
    const latin = Buffer.concat([Buffer.from('a\n'), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from('c\n')]);
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -3 +3 @@\n-c\n+C\n', latin)).toBe('a\n\xff\xfe\nC\n');
  });

  it('uses the stated line even where the same context appears twice', () => {
    const twice = 'x\ny\nx\ny\n';
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -3,2 +3,3 @@\n x\n+new\n y\n', twice)).toBe('x\ny\nx\nnew\ny\n');
  });

  it.each([
    [
      'context that matches only at another line',
      '@@ -2,2 +2,3 @@\n one\n+x\n two\n',
      /line 2 of A.md is "two"/,
    ],
    [
      'a start far beyond the file',
      '@@ -999999999,3 +999999999,4 @@\n one\n two\n three\n+x\n',
      /which has 3 lines/,
    ],
    ['context that differs by a trailing space', '@@ -1,2 +1,3 @@\n one \n+x\n two\n', /expects "one "/],
    [
      'an LF context line against a CRLF file',
      '@@ -1,2 +1,3 @@\n one\n+x\n two\n',
      /is "one\\r"/,
      'one\r\ntwo\r\n',
    ],
  ])('refuses %s', (_, hunk, reason, old = FILE) => {
    expect(apply(`--- a/A.md\n+++ b/A.md\n${hunk}`, old)).toMatch(reason);
  });

  it('applies a diff whose lines keep their CR to a CRLF file, as written', () => {
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -1,2 +1,3 @@\n one\r\n+x\r\n two\r\n', 'one\r\ntwo\r\n')).toBe(
      'one\r\nx\r\ntwo\r\n',
    );
  });

  it('follows "No newline at end of file" on both sides, and refuses it where the file disagrees', () => {
    const open = 'one\ntwo';
    expect(
      apply(
        '--- a/A.md\n+++ b/A.md\n@@ -2 +2,2 @@\n-two\n\\ No newline at end of file\n+two\n+three\n',
        open,
      ),
    ).toBe('one\ntwo\nthree\n');
    expect(
      apply('--- a/A.md\n+++ b/A.md\n@@ -3 +3,2 @@\n three\n+four\n\\ No newline at end of file\n', FILE),
    ).toBe('one\ntwo\nthree\nfour');
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -2 +2 @@\n-two\n+2\n', open)).toMatch(
      /has no newline at its end/,
    );
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -2 +2,2 @@\n two\n+3\n', open)).toMatch(
      /has no newline at its end/,
    );
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -2,0 +3 @@\n+x\n', open)).toMatch(/which has no newline/);
    expect(
      apply('--- a/A.md\n+++ b/A.md\n@@ -1 +1 @@\n-one\n+1\n\\ No newline at end of file\n', FILE),
    ).toMatch(/goes on after line 1/);
  });

  it('creates, empties and deletes files only as declared', () => {
    expect(apply('--- /dev/null\n+++ b/A.md\n@@ -0,0 +1,2 @@\n+a\n+b\n', null)).toBe('a\nb\n');
    expect(apply('--- /dev/null\n+++ b/A.md\n@@ -0,0 +1 @@\n+a\n', FILE)).toMatch(/already exists/);
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -1 +1 @@\n-a\n+b\n', null)).toMatch(/does not exist/);
    expect(apply('--- a/A.md\n+++ b/A.md\n@@ -1,3 +0,0 @@\n-one\n-two\n-three\n', FILE)).toBe('');
    expect(
      apply(
        'diff --git a/A.md b/A.md\ndeleted file mode 100644\n--- a/A.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-one\n-two\n',
        FILE,
      ),
    ).toMatch(/does not remove all/);
  });
});
