import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileRows } from '../../web/src/diff/rows.js';
import { terminalText } from '../commands/terminal-text.js';
import { applyToContent, joinSegments } from './apply-content.js';
import { parsePatch } from './parse.js';
import { formatPatch } from './serialize.js';
import { describePatch } from './view.js';

/**
 * What a person approves is what is written: for generated patches (hunks with wrong numbers among them),
 * the lines the UI renders from the API's structure, the lines the terminal review prints and the bytes
 * applying writes describe the same file.
 */

const LINE = fc.constantFrom(
  'a',
  'b',
  'x y',
  '',
  '  ',
  'é 漢',
  '-- dash',
  '++ plus',
  '@@ at',
  '\\ slash',
  'tab\there',
);

type Op = { kind: 'keep' } | { kind: 'remove' } | { kind: 'replace'; text: string };

interface Case {
  old: string[];
  oldEol: boolean;
  ops: Op[];
  inserts: string[][];
  newEol: boolean;
  context: number;
  miscount: number[];
}

const CASE = fc.array(LINE, { maxLength: 10 }).chain((old) =>
  fc.record({
    old: fc.constant(old),
    oldEol: fc.boolean(),
    ops: fc.array(
      fc.oneof(
        fc.constant<Op>({ kind: 'keep' }),
        fc.constant<Op>({ kind: 'keep' }),
        fc.constant<Op>({ kind: 'remove' }),
        LINE.map((text): Op => ({ kind: 'replace', text })),
      ),
      { minLength: old.length, maxLength: old.length },
    ),
    inserts: fc.array(fc.array(LINE, { maxLength: 2 }), {
      minLength: old.length + 1,
      maxLength: old.length + 1,
    }),
    newEol: fc.boolean(),
    context: fc.integer({ min: 0, max: 2 }),
    miscount: fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 4 }),
  }),
);

type DiffLine = { sign: ' ' | '-' | '+'; text: string; oldIndex: number };

/** A unified diff of the case, written the way a model would (its counts optionally wrong). */
function writeDiff(c: Case): { diff: string; oldText: string; newText: string } | null {
  const old = c.old;
  // An empty last line without a newline would be no line at all.
  const oldEol = c.oldEol || old.length === 0 || old.at(-1) === '';
  const ops = [...c.ops];
  const inserts = c.inserts.map((list) => [...list]);
  // A side without a final newline can only be said of a line the hunk removes or adds.
  if (old.length > 0 && (!oldEol || !c.newEol)) {
    // (A newline that only one side lacks means the last line changes.)
    const last = ops[old.length - 1]!;
    if (last.kind === 'keep') ops[old.length - 1] = { kind: 'replace', text: old[old.length - 1]! };
    inserts[old.length - 1]!.push(...inserts[old.length]!);
    inserts[old.length] = [];
  }
  // Likewise the new side: a file left without a final newline ends with a line the patch adds, so a kept
  // line that becomes the last one (the lines after it removed) is replaced by itself without its newline.
  if (!c.newEol) {
    for (let i = old.length - 1; i >= 0 && inserts[i + 1]!.length === 0; i--) {
      const op = ops[i]!;
      if (op.kind === 'replace') break;
      if (op.kind === 'keep') {
        ops[i] = { kind: 'replace', text: old[i]! };
        break;
      }
    }
  }
  const lines: DiffLine[] = [];
  for (const text of inserts[0]!) lines.push({ sign: '+', text, oldIndex: 0 });
  old.forEach((text, i) => {
    const op = ops[i]!;
    if (op.kind === 'keep') lines.push({ sign: ' ', text, oldIndex: i });
    else lines.push({ sign: '-', text, oldIndex: i });
    if (op.kind === 'replace') lines.push({ sign: '+', text: op.text, oldIndex: i + 1 });
    for (const inserted of inserts[i + 1]!) lines.push({ sign: '+', text: inserted, oldIndex: i + 1 });
  });
  const newLines = lines.filter((l) => l.sign !== '-').map((l) => l.text);
  const newEol = c.newEol || newLines.length === 0 || newLines.at(-1) === '';
  const changed = lines.map((l, i) => (l.sign !== ' ' ? i : -1)).filter((i) => i >= 0);
  if (changed.length === 0) return null;
  // Group changes into hunks with up to `context` lines around each.
  const keep = new Set<number>();
  for (const i of changed)
    for (let k = i - c.context; k <= i + c.context; k++) if (k >= 0 && k < lines.length) keep.add(k);
  const hunks: DiffLine[][] = [];
  let current: DiffLine[] = [];
  lines.forEach((line, i) => {
    if (keep.has(i)) current.push(line);
    else if (current.length > 0) {
      hunks.push(current);
      current = [];
    }
  });
  if (current.length > 0) hunks.push(current);
  let diff = '--- a/F.md\n+++ b/F.md\n';
  let shift = 0;
  hunks.forEach((hunk, h) => {
    const oldCount = hunk.filter((l) => l.sign !== '+').length;
    const newCount = hunk.filter((l) => l.sign !== '-').length;
    const first = hunk.find((l) => l.sign !== '+');
    const oldStart = oldCount > 0 ? first!.oldIndex + 1 : hunk[0]!.oldIndex;
    const newStart = newCount > 0 ? oldStart + shift + (oldCount > 0 ? 0 : 1) : oldStart + shift;
    shift += newCount - oldCount;
    const wrong = c.miscount[h] ?? 0;
    diff += `@@ -${oldStart},${oldCount} +${newStart},${Math.max(0, newCount + wrong)} @@\n`;
    hunk.forEach((line, i) => {
      diff += `${line.sign}${line.text}\n`;
      const lastOld =
        line.sign !== '+' &&
        line.oldIndex === old.length - 1 &&
        !hunk.slice(i + 1).some((l) => l.sign !== '+');
      const lastNew =
        line.sign !== '-' && h === hunks.length - 1 && !hunk.slice(i + 1).some((l) => l.sign !== '-');
      if ((lastOld && !oldEol) || (lastNew && !newEol && lastNewIsEnd(lines, hunk, i)))
        diff += '\\ No newline at end of file\n';
    });
  });
  const join = (list: string[], eol: boolean) =>
    list.length === 0 ? '' : `${list.join('\n')}${eol ? '\n' : ''}`;
  return { diff, oldText: join(old, oldEol), newText: join(newLines, newEol) };
}

function lastNewIsEnd(all: DiffLine[], hunk: DiffLine[], i: number): boolean {
  const index = all.indexOf(hunk[i]!);
  return !all.slice(index + 1).some((l) => l.sign !== '-');
}

/** A file rebuilt from the old text and, per hunk, the new-side lines a view shows (null: no newline at the end). */
function rebuild(
  oldText: string,
  hunks: { from: number; oldCount: number; lines: string[]; open: boolean }[],
): string {
  const old = oldText === '' ? [] : oldText.replace(/\n$/, '').split('\n');
  const oldEol = oldText.endsWith('\n') || oldText === '';
  const out: string[] = [];
  let at = 0;
  let open = !oldEol;
  for (const hunk of hunks) {
    out.push(...old.slice(at, hunk.from));
    out.push(...hunk.lines);
    at = hunk.from + hunk.oldCount;
    open = hunk.open;
  }
  out.push(...old.slice(at));
  if (at < old.length) open = !oldEol;
  return out.length === 0 ? '' : `${out.join('\n')}${open ? '' : '\n'}`;
}

/** The terminal review read as a reader reads it: hunk headers, then ' ' and '+' lines, and the marker. */
function readReview(printed: string) {
  const hunks: { from: number; oldCount: number; lines: string[]; open: boolean }[] = [];
  let current: (typeof hunks)[number] | null = null;
  let lastSign = '';
  for (const line of printed.split('\n')) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@/.exec(line);
    if (header) {
      const start = Number(header[1]);
      const oldCount = Number(header[2]);
      current = { from: oldCount > 0 ? start - 1 : start, oldCount, lines: [], open: false };
      hunks.push(current);
    } else if (current && (line.startsWith(' ') || line.startsWith('+'))) {
      current.lines.push(line.slice(1));
      lastSign = line[0]!;
    } else if (current && line.startsWith('-')) lastSign = '-';
    else if (current && line.startsWith('\\') && lastSign !== '-') current.open = true;
  }
  return hunks;
}

describe('the UI, the terminal review and the disk agree', () => {
  it('for generated patches, recounted ones included', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        const written = writeDiff(c);
        fc.pre(written !== null);
        const { diff, oldText, newText } = written!;
        const parsed = parsePatch(diff);
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        const file = parsed.files[0]!;
        const applied = applyToContent(file, 'F.md', Buffer.from(oldText));
        const miscounted = c.miscount.some((n) => n !== 0);
        if (!miscounted) expect(applied.ok, JSON.stringify({ diff, applied })).toBe(true);
        fc.pre(applied.ok);
        if (!applied.ok) return;
        const disk = joinSegments(applied.segments).toString('utf8');
        if (!miscounted) expect(disk).toBe(newText);

        const view = describePatch(parsed.files).files[0]!;
        const ui = view.hunks.map((hunk) => {
          const rows = fileRows({ ...view, hunks: [hunk] });
          const shown = rows.filter((row) => row.kind === 'ctx' || row.kind === 'add');
          const lastShown = rows.lastIndexOf(shown.at(-1)!);
          return {
            from: hunk.old_count > 0 ? hunk.old_start - 1 : hunk.old_start,
            oldCount: hunk.old_count,
            lines: shown.map((row) => row.text),
            open: rows[lastShown + 1]?.kind === 'note',
          };
        });
        expect(rebuild(oldText, ui)).toBe(disk);
        expect(rebuild(oldText, readReview(terminalText(formatPatch(parsed.files))))).toBe(disk);

        const again = parsePatch(formatPatch(parsed.files));
        expect(again.ok && again.files.map((f) => f.hunks.map((h) => h.lines))).toEqual(
          parsed.files.map((f) => f.hunks.map((h) => h.lines)),
        );
      }),
      { numRuns: 400 },
    );
  });
});
