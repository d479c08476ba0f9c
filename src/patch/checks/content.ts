import { posix } from 'node:path';
import { describeChar, findHiddenChars } from '../../hidden-text.js';
import { findSecrets } from '../../redact/index.js';
import type { Segment } from '../apply-content.js';
import type { FilePatch } from '../model.js';
import { listFrontmatterStrings, parseFrontmatter } from '../skill-frontmatter.js';
import { type Check, collectCheck } from './check.js';
import { quotePath } from './path-rules.js';

/** A file as the patch writes it: the new text, and which parts of it the patch added. */
export interface WrittenText {
  path: string;
  text: string;
  /** [start, end) in `text` of each added line, its newline included. */
  added: [number, number][];
  /** The file's text before, for what YAML makes of it (null: new, or not known). */
  before: string | null;
  /** True when only the added lines are known (the patch did not apply): `text` is those lines alone. */
  partial: boolean;
}

/** The written text of a file from its new bytes in segments (lines are whole, so each decodes alone). */
export function describeWritten(
  path: string,
  segments: readonly Segment[],
  before: Buffer | null,
): WrittenText {
  let text = '';
  const added: [number, number][] = [];
  for (const segment of segments) {
    const part = segment.bytes.toString('utf8');
    if (segment.added) added.push([text.length, text.length + part.length]);
    text += part;
  }
  return { path, text, added, before: before?.toString('utf8') ?? null, partial: false };
}

/** When the patch does not apply, its added lines are still checked, as they stand in the patch. */
export function describeAddedLines(path: string, file: FilePatch): WrittenText {
  const segments: Segment[] = file.hunks.flatMap((hunk) =>
    hunk.lines
      .filter((line) => line.kind === 'add')
      .map((line) => ({ bytes: Buffer.from(line.noNewline ? line.text : `${line.text}\n`), added: true })),
  );
  return { ...describeWritten(path, segments, null), partial: true };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const overlaps = (ranges: [number, number][], start: number, end: number) =>
  ranges.some(([from, to]) => start < to && end > from);

/** Frontmatter strings of a SKILL.md that the old file did not have: what the patch makes YAML say. */
function newFrontmatterStrings(file: WrittenText): string[] {
  if (file.partial || posix.basename(file.path) !== 'SKILL.md') return [];
  const parsed = parseFrontmatter(file.text);
  if (!parsed.ok) return [];
  const old = file.before === null ? null : parseFrontmatter(file.before);
  const known = new Set(old?.ok ? listFrontmatterStrings(old.data) : []);
  return listFrontmatterStrings(parsed.data).filter((value) => !known.has(value));
}

/**
 * No credential in what the patch writes. The shared detector runs on the whole new text (so a key is found
 * however the lines around it are split or joined) and on the values YAML makes of a SKILL.md's frontmatter
 * (a double-quoted value continued with `\` joins lines); a finding counts when it touches an added line or
 * is a new frontmatter value. A value the stored diff already masked is refused too.
 */
export function checkSecrets(files: readonly WrittenText[]): Check {
  const problems: { path: string; problem: string }[] = [];
  for (const file of files) {
    const found = findSecrets(file.text).find((span) => overlaps(file.added, span.start, span.end));
    const masked = [...file.text.matchAll(/\[REDACTED:[\w-]+\]/g)].find((m) =>
      overlaps(file.added, m.index, m.index + m[0].length),
    );
    const inYaml = newFrontmatterStrings(file).flatMap((value) => findSecrets(value))[0];
    const where = (offset: number) =>
      file.partial ? 'in an added line' : `at line ${lineAt(file.text, offset)}`;
    if (found) {
      problems.push({
        path: file.path,
        problem: `the patch writes a credential-shaped value (${found.kind}) into ${quotePath(file.path)} ${where(found.start)}; skills and AGENTS.md must not hold secrets`,
      });
    } else if (masked) {
      problems.push({
        path: file.path,
        problem: `the patch writes a credential into ${quotePath(file.path)} ${where(masked.index)} (masked as ${masked[0]} when it was stored); skills and AGENTS.md must not hold secrets`,
      });
    } else if (inYaml) {
      problems.push({
        path: file.path,
        problem: `the frontmatter of ${quotePath(file.path)} holds a credential-shaped value (${inYaml.kind}) once YAML has read it`,
      });
    }
  }
  return collectCheck('no_secrets', problems, 'Nothing the patch writes holds a credential.');
}

/** The first hidden character in an added part of the text; a CR right before its LF ends a CRLF line. */
function firstHidden(file: WrittenText): { char: string; index: number } | null {
  for (const [from, to] of file.added) {
    for (const hit of findHiddenChars(file.text.slice(from, to))) {
      const index = from + hit.index;
      if (hit.char === '\r' && file.text[index + 1] === '\n') continue;
      if (hit.char === '\ufeff' && index === 0 && !file.partial) continue;
      return { char: hit.char, index };
    }
  }
  return null;
}

/**
 * Everything the patch writes shows what it holds (see hidden-text.ts): checked on the new text, so a
 * carriage return is judged by what follows it in the file, and on what YAML makes of a SKILL.md's
 * frontmatter (a `"\u202E"` escape is invisible only once parsed).
 */
export function checkHiddenText(files: readonly WrittenText[]): Check {
  const problems: { path: string; problem: string }[] = [];
  for (const file of files) {
    const hidden = firstHidden(file);
    const yaml = newFrontmatterStrings(file).flatMap((value) => findHiddenChars(value))[0];
    if (hidden) {
      const where = file.partial ? 'an added line' : `line ${lineAt(file.text, hidden.index)}`;
      const what =
        hidden.char === '\r' ? 'a carriage return that does not end the line' : describeChar(hidden.char);
      problems.push({
        path: file.path,
        problem: `the patch writes into ${quotePath(file.path)} (${where}) ${what}, a hidden character that makes text read differently from what it holds`,
      });
    } else if (yaml) {
      problems.push({
        path: file.path,
        problem: `the frontmatter of ${quotePath(file.path)} holds ${describeChar(yaml.char)} once YAML has read it, a hidden character`,
      });
    }
  }
  return collectCheck('no_hidden_text', problems, 'Everything the patch writes shows what it holds.');
}
