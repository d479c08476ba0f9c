import type { FilePatch } from './model.js';
import { DiffSyntaxError } from './parse-error.js';
import { parseFile } from './parse-file.js';

export type ParsedPatch =
  | { ok: true; files: FilePatch[] }
  | { ok: false; line: number; reason: string; check: 'parse' | 'undeclared_rename' };

/** A Markdown code fence around the whole diff is dropped (models like to add one). */
function dropCodeFence(lines: string[]): string[] {
  const first = lines.findIndex((line) => line.trim() !== '');
  const last = lines.findLastIndex((line) => line.trim() !== '');
  if (first === -1 || first === last) return lines;
  if (/^```[\w-]*$/.test(lines[first]!.trim()) && lines[last]!.trim() === '```') {
    return lines.map((line, index) => (index === first || index === last ? '' : line));
  }
  return lines;
}

/** Each path may appear in one file section only; a second change to it would depend on the order of applying. */
function refuseRepeatedPaths(files: FilePatch[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    const paths = new Set([file.oldPath, file.newPath].filter((path) => path !== null));
    for (const path of paths) {
      if (seen.has(path))
        throw new DiffSyntaxError(
          file.line,
          `${JSON.stringify(path)} appears in more than one file section (line ${file.line})`,
        );
      seen.add(path);
    }
  }
}

/**
 * Parses a unified diff (git's extended headers optional) into the patch model, once. Never throws; the
 * first syntax error is returned with the check that names it.
 */
export function parsePatch(text: string): ParsedPatch {
  const endsWithNewline = text.endsWith('\n');
  const lines = dropCodeFence(text.split('\n'));
  if (endsWithNewline) lines.pop();
  const files: FilePatch[] = [];
  try {
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      if (line.trim() === '') {
        i++;
      } else if (
        line.startsWith('diff --git ') ||
        (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ '))
      ) {
        const { file, next } = parseFile(lines, i, endsWithNewline);
        files.push(file);
        i = next;
      } else {
        throw new DiffSyntaxError(
          i + 1,
          `line ${i + 1} is not part of a unified diff: ${JSON.stringify(line.slice(0, 60))}`,
        );
      }
    }
    refuseRepeatedPaths(files);
  } catch (error) {
    if (error instanceof DiffSyntaxError) {
      return { ok: false, line: error.line, reason: error.message, check: error.check };
    }
    throw error;
  }
  return { ok: true, files };
}
