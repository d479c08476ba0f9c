import { formatHunk } from './diff-hunks.js';
import type { FilePatch } from './diff-parse.js';

/**
 * Writes the parsed patch back out in git's own format. Git only ever applies this text, never the text the
 * model wrote, so what git does is exactly what was checked: paths as parsed, counts as recounted, and no
 * header line (modes, binary data, index lines) that validation did not look at.
 * Call only for a patch whose paths passed validation (they need no quoting).
 */
export function formatCanonicalDiff(files: FilePatch[]): string {
  return files.map(formatFilePatch).join('');
}

function formatFilePatch(file: FilePatch): string {
  const oldName = file.oldPath ?? file.newPath!;
  const newName = file.newPath ?? file.oldPath!;
  let text = `diff --git a/${oldName} b/${newName}\n`;
  if (file.kind === 'create') text += `new file mode ${file.newFileMode ?? '100644'}\n`;
  if (file.kind === 'delete') text += `deleted file mode ${file.deletedFileMode ?? '100644'}\n`;
  if (file.kind === 'rename') text += `rename from ${oldName}\nrename to ${newName}\n`;
  if (file.kind === 'copy') text += `copy from ${oldName}\ncopy to ${newName}\n`;
  if (file.hunks.length > 0) {
    text += `--- ${file.oldPath === null ? '/dev/null' : `a/${file.oldPath}`}\n`;
    text += `+++ ${file.newPath === null ? '/dev/null' : `b/${file.newPath}`}\n`;
    text += file.hunks.map(formatHunk).join('');
  }
  return text;
}
