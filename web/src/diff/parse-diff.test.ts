import { describe, expect, it } from 'vitest';
import { pairLines, parseDiff } from './parse-diff.js';

const DIFF = `diff --git a/AGENTS.md b/AGENTS.md
index 1111111..2222222 100644
--- a/AGENTS.md
+++ b/AGENTS.md
@@ -1,4 +1,4 @@
 # Agents
-Run tests.
+Run \`npm test\` before committing.
+Keep commits small.
 
--- old rule
\\ No newline at end of file
diff --git a/.codex/skills/review/SKILL.md b/.codex/skills/review/SKILL.md
new file mode 100644
--- /dev/null
+++ b/.codex/skills/review/SKILL.md
@@ -0,0 +1,2 @@
+---
+name: review
`;

describe('parseDiff', () => {
  it('splits files, hunks and numbered lines', () => {
    const files = parseDiff(DIFF);
    expect(files.map((f) => [f.path, f.status, f.added, f.removed])).toEqual([
      ['AGENTS.md', 'modified', 2, 2],
      ['.codex/skills/review/SKILL.md', 'added', 2, 0],
    ]);
    const lines = files[0]?.hunks[0]?.lines ?? [];
    expect(lines[0]).toEqual({ kind: 'ctx', text: '# Agents', oldNo: 1, newNo: 1 });
    expect(lines[1]).toEqual({ kind: 'del', text: 'Run tests.', oldNo: 2, newNo: null });
    expect(lines[3]).toEqual({ kind: 'add', text: 'Keep commits small.', oldNo: null, newNo: 3 });
  });

  it('reads a removed line starting with "-- " as a removal, not a file header', () => {
    const lines = parseDiff(DIFF)[0]?.hunks[0]?.lines ?? [];
    expect(lines[5]).toEqual({ kind: 'del', text: '-- old rule', oldNo: 4, newNo: null });
    expect(lines[6]?.kind).toBe('note');
  });

  it('reads diffs without git headers and paths that climb out of the repo', () => {
    const files = parseDiff(
      '--- a/../x\n+++ b/../x\n@@ -1 +1 @@\n-a\n+b\n--- a/.env\n+++ b/.env\n@@ -0,0 +1 @@\n+KEY=1\n',
    );
    expect(files.map((f) => f.path)).toEqual(['../x', '.env']);
    expect(files[1]?.status).toBe('modified');
  });

  it('ends a hunk whose line counts are wrong at the next file or hunk header', () => {
    const files = parseDiff(DIFF.replace('@@ -1,4 +1,4 @@', '@@ -1,9 +1,9 @@'));
    expect(files.map((f) => f.path)).toEqual(['AGENTS.md', '.codex/skills/review/SKILL.md']);
    expect(files[0]?.hunks[0]?.lines.some((l) => l.text.includes('diff --git'))).toBe(false);
  });

  it('finds no files in an empty diff', () => {
    expect(parseDiff('')).toEqual([]);
  });
});

describe('pairLines', () => {
  it('puts removals beside the additions that replace them', () => {
    const lines = parseDiff(DIFF)[0]?.hunks[0]?.lines ?? [];
    const rows = pairLines(lines);
    expect(rows[1]?.left?.text).toBe('Run tests.');
    expect(rows[1]?.right?.text).toBe('Run `npm test` before committing.');
    expect(rows[2]).toEqual({ left: null, right: lines[3] });
    expect(rows[3]).toEqual({ left: lines[4], right: lines[4] });
    expect(rows[4]).toEqual({ left: lines[5], right: null });
  });
});
