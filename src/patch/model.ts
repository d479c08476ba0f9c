/**
 * The one model of a patch. A diff is parsed into it once; everything after that — the stored canonical text,
 * the terminal review, the API's structure for the UI, the checks and the bytes written — is derived from it,
 * so what is shown and what is applied cannot differ.
 */

/** What happens to a file. Renames, copies and deletions exist only when the diff declares them. */
export type FileOperation = 'add' | 'modify' | 'delete' | 'rename' | 'copy';

export interface PatchLine {
  kind: 'context' | 'add' | 'remove';
  /** The line without its diff prefix and without its newline (a carriage return stays part of the text). */
  text: string;
  /** Followed by `\ No newline at end of file`: the last line of its side of the file has no newline. */
  noNewline: boolean;
}

export interface Hunk {
  /** 1-based first old line (0 with `oldCount` 0: insert before line 1). */
  oldStart: number;
  oldCount: number;
  /** Where the hunk starts in the new file, computed from the old start and the hunks before it. */
  newStart: number;
  newCount: number;
  /** Text after the closing `@@` (git's function context); kept, never interpreted. */
  section: string;
  lines: PatchLine[];
  /** 1-based line of the `@@` header in the diff as written. */
  line: number;
  /** The header as written when its numbers did not match the body and were recounted; null when they did. */
  stated: string | null;
}

export interface FilePatch {
  /** 1-based line in the diff as written where this file's section starts. */
  line: number;
  operation: FileOperation;
  /** null for a file the patch adds. */
  oldPath: string | null;
  /** null for a file the patch deletes. */
  newPath: string | null;
  oldMode: string | null;
  newMode: string | null;
  newFileMode: string | null;
  deletedFileMode: string | null;
  binary: boolean;
  hunks: Hunk[];
}

/** Every path a patch names: sources and targets of each file, each once, in order. */
export function listPatchPaths(files: readonly FilePatch[]): string[] {
  const paths = new Set<string>();
  for (const file of files) {
    if (file.oldPath !== null) paths.add(file.oldPath);
    if (file.newPath !== null) paths.add(file.newPath);
  }
  return [...paths];
}

/** The header of a hunk as the canonical text writes it. */
export function formatHunkHeader(hunk: Hunk): string {
  return `@@ -${hunk.oldStart},${hunk.oldCount} +${hunk.newStart},${hunk.newCount} @@${hunk.section}`;
}
