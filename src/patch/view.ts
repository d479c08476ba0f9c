import { type FileOperation, type FilePatch, formatHunkHeader } from './model.js';

/**
 * The patch as the API hands it to the UI: every file with its operation and paths, every hunk with the
 * header the canonical text carries (and the one the diff stated, when it was recounted), every line with
 * its numbers. The UI renders this and parses nothing.
 */
interface PatchLineView {
  kind: 'context' | 'add' | 'remove';
  text: string;
  old_line: number | null;
  new_line: number | null;
  no_newline: boolean;
}

export interface PatchHunkView {
  header: string;
  /** The header as the diff wrote it, when its numbers were wrong and recounted; else null. */
  stated_header: string | null;
  old_start: number;
  old_count: number;
  new_start: number;
  new_count: number;
  lines: PatchLineView[];
}

export interface PatchFileView {
  operation: FileOperation;
  /** The path the file has afterwards (the old one for a deletion). */
  path: string;
  old_path: string | null;
  new_path: string | null;
  old_mode: string | null;
  new_mode: string | null;
  binary: boolean;
  added: number;
  removed: number;
  hunks: PatchHunkView[];
}

export interface PatchView {
  files: PatchFileView[];
}

function describeFile(file: FilePatch): PatchFileView {
  let added = 0;
  let removed = 0;
  const hunks = file.hunks.map((hunk): PatchHunkView => {
    let oldLine = hunk.oldCount > 0 ? hunk.oldStart : hunk.oldStart + 1;
    let newLine = hunk.newCount > 0 ? hunk.newStart : hunk.newStart + 1;
    const lines = hunk.lines.map((line): PatchLineView => {
      const view: PatchLineView = {
        kind: line.kind,
        text: line.text,
        old_line: line.kind === 'add' ? null : oldLine++,
        new_line: line.kind === 'remove' ? null : newLine++,
        no_newline: line.noNewline,
      };
      if (line.kind === 'add') added++;
      if (line.kind === 'remove') removed++;
      return view;
    });
    return {
      header: formatHunkHeader(hunk),
      stated_header: hunk.stated,
      old_start: hunk.oldStart,
      old_count: hunk.oldCount,
      new_start: hunk.newStart,
      new_count: hunk.newCount,
      lines,
    };
  });
  return {
    operation: file.operation,
    path: file.newPath ?? file.oldPath ?? '',
    old_path: file.oldPath,
    new_path: file.newPath,
    old_mode: file.oldMode ?? file.deletedFileMode,
    new_mode: file.newMode ?? file.newFileMode,
    binary: file.binary,
    added,
    removed,
    hunks,
  };
}

export function describePatch(files: readonly FilePatch[]): PatchView {
  return { files: files.map(describeFile) };
}

/** Every path whose bytes change: both sides of a rename, the target of a copy, each file otherwise. */
export function listChangedPaths(files: readonly FilePatch[]): string[] {
  const paths = new Set<string>();
  for (const file of files) {
    if (file.operation === 'rename' && file.oldPath !== null) paths.add(file.oldPath);
    paths.add(file.newPath ?? file.oldPath ?? '');
  }
  return [...paths];
}
