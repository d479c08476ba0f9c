import { type FilePatch, formatHunkHeader, type PatchLine } from './model.js';

const NO_NEWLINE = '\\ No newline at end of file';
const ESCAPES: Record<number, string> = {
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  34: '"',
  92: '\\',
};

/**
 * A name as git writes it: bare when it is printable ASCII without quotes or backslashes, else C-quoted with
 * octal bytes (`"a/caf\303\251"`), so a name with a newline or a control character cannot break the text.
 */
function quoteName(prefix: string, path: string): string {
  const name = `${prefix}${path}`;
  if (/^[\x20-\x7e]*$/.test(name) && !/["\\]/.test(name) && !name.startsWith(' ') && !name.endsWith(' ')) {
    return name;
  }
  let out = '"';
  for (const byte of Buffer.from(name, 'utf8')) {
    const named = ESCAPES[byte];
    if (named !== undefined) out += `\\${named}`;
    else if (byte < 0x20 || byte >= 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

function formatLine(line: PatchLine): string {
  const sign = line.kind === 'add' ? '+' : line.kind === 'remove' ? '-' : ' ';
  return line.noNewline ? `${sign}${line.text}\n${NO_NEWLINE}\n` : `${sign}${line.text}\n`;
}

function formatFile(file: FilePatch): string {
  const oldName = file.oldPath ?? file.newPath!;
  const newName = file.newPath ?? file.oldPath!;
  let text = `diff --git ${quoteName('a/', oldName)} ${quoteName('b/', newName)}\n`;
  if (file.operation === 'add') text += `new file mode ${file.newFileMode ?? '100644'}\n`;
  if (file.operation === 'delete') text += `deleted file mode ${file.deletedFileMode ?? '100644'}\n`;
  if (file.oldMode !== null) text += `old mode ${file.oldMode}\n`;
  if (file.newMode !== null) text += `new mode ${file.newMode}\n`;
  if (file.operation === 'rename') {
    text += `rename from ${quoteName('', oldName)}\nrename to ${quoteName('', newName)}\n`;
  }
  if (file.operation === 'copy') {
    text += `copy from ${quoteName('', oldName)}\ncopy to ${quoteName('', newName)}\n`;
  }
  if (file.binary) {
    const from = file.oldPath === null ? '/dev/null' : quoteName('a/', file.oldPath);
    const to = file.newPath === null ? '/dev/null' : quoteName('b/', file.newPath);
    return `${text}Binary files ${from} and ${to} differ\n`;
  }
  if (file.hunks.length > 0) {
    text += `--- ${file.oldPath === null ? '/dev/null' : quoteName('a/', file.oldPath)}\n`;
    text += `+++ ${file.newPath === null ? '/dev/null' : quoteName('b/', file.newPath)}\n`;
    for (const hunk of file.hunks) {
      text += `${formatHunkHeader(hunk)}\n${hunk.lines.map(formatLine).join('')}`;
    }
  }
  return text;
}

/**
 * The patch in git's format, written from the model: paths as parsed, counts and new starts as recounted,
 * every declared operation spelled out. This text is what is stored, reviewed and parsed again; parsing it
 * gives back the same model.
 */
export function formatPatch(files: readonly FilePatch[]): string {
  return files.map(formatFile).join('');
}
