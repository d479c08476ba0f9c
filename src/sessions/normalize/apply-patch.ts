import type { PatchFile, PatchHunk } from '../types.js';

/**
 * Codex's own patch format (`*** Begin Patch` … `*** End Patch`), as the apply_patch tool takes it:
 * as a freeform custom tool input, as `shell {"command":["apply_patch","<patch>"]}`, or as a heredoc
 * `apply_patch <<'EOF' … EOF` inside an exec_command / shell_command / `bash -lc` script.
 */

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';
const INVOCATION = /(?:^|[\s;&|(])(?:apply_patch|applypatch)(?:\s|$)/;

/**
 * The files a patch touches, with the lines it adds and removes; with `hunks`, also each part of each file's
 * change as written (`@@` and its anchor line, then its lines), for a diff view. apply_patch places a part by
 * its content, not by line numbers: lines carry numbers only in a file the patch adds.
 */
export function parsePatch(patch: string, options: { hunks?: boolean } = {}): PatchFile[] {
  const files: PatchFile[] = [];
  let current: PatchFile | null = null;
  let hunk: PatchHunk | null = null;
  const startHunk = (file: PatchFile, header: string): PatchHunk => {
    const started: PatchHunk = { header, lines: [] };
    file.hunks?.push(started);
    return started;
  };
  for (const line of patch.split('\n')) {
    if (line.startsWith('*** ')) {
      const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
      if (header) {
        const kind = (header[1] as string).toLowerCase() as 'add' | 'update' | 'delete';
        current = { path: (header[2] as string).trim(), kind, added: 0, removed: 0 };
        if (options.hunks) current.hunks = [];
        hunk = null;
        files.push(current);
        continue;
      }
      const move = /^\*\*\* Move to: (.+)$/.exec(line);
      if (move && current) {
        current.kind = 'move';
        current.move_to = (move[1] as string).trim();
      }
      continue;
    }
    if (!current) continue;
    const sign = line[0];
    if (sign === '+') current.added++;
    else if (sign === '-') current.removed++;
    if (!options.hunks || current.kind === 'delete') continue;
    if (line.startsWith('@@')) {
      hunk = startHunk(current, line.trimEnd());
      continue;
    }
    // Lines before any `@@` (Codex accepts a first part without one, and a new file has none).
    hunk ??= startHunk(current, current.kind === 'add' ? '' : '@@');
    if (sign === '+') {
      const number = current.kind === 'add' ? current.added : null;
      hunk.lines.push({ kind: 'add', text: line.slice(1), old_line: null, new_line: number });
    } else if (sign === '-')
      hunk.lines.push({ kind: 'remove', text: line.slice(1), old_line: null, new_line: null });
    // A blank line inside a part is a blank context line, as apply_patch reads it; the trailing one is not.
    else if (sign === ' ' || line === '')
      hunk.lines.push({ kind: 'context', text: line.slice(1), old_line: null, new_line: null });
  }
  if (options.hunks) for (const file of files) trimHunks(file);
  return files;
}

/** Drops the empty line the patch's own trailing newline leaves, and parts with no lines. */
function trimHunks(file: PatchFile): void {
  if (!file.hunks) return;
  for (const hunk of file.hunks) {
    const last = hunk.lines.at(-1);
    if (last?.kind === 'context' && last.text === '') hunk.lines.pop();
  }
  file.hunks = file.hunks.filter((hunk) => hunk.lines.length > 0);
  // A new file's one part gets the header a unified diff gives it.
  const added = file.kind === 'add' ? file.hunks[0] : undefined;
  if (added) added.header = `@@ -0,0 +1,${added.lines.length} @@`;
}

function cutPatch(text: string): string | null {
  const start = text.indexOf(BEGIN);
  if (start < 0) return null;
  const end = text.indexOf(END, start);
  return end < 0 ? text.slice(start) : text.slice(start, end + END.length);
}

function commandStrings(args: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  const record = args as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ['command', 'cmd']) {
    const value = record[key];
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) {
      const argv = value.filter((part): part is string => typeof part === 'string');
      if (argv[0] === 'apply_patch' || argv[0] === 'applypatch') {
        if (argv[1] !== undefined) out.push(`apply_patch ${argv[1]}`);
      } else {
        // `bash -lc "<script>"`: the script is the last argument.
        const script = argv[argv.length - 1];
        if (script !== undefined) out.push(script);
      }
    }
  }
  return out;
}

/**
 * The patch text a tool call applies, or null when the call is not an apply_patch.
 * `input` is the raw freeform input (custom tools) or the JSON arguments string (function calls).
 */
export function findPatchText(name: string, input: string): string | null {
  const isJson = input.trimStart().startsWith('{');
  if ((name === 'apply_patch' || name === 'applypatch') && !isJson) return cutPatch(input);
  if (!isJson || !input.includes(BEGIN)) return null;
  let args: unknown;
  try {
    args = JSON.parse(input);
  } catch {
    return null;
  }
  if (name === 'apply_patch' && typeof args === 'object' && args !== null) {
    const value = (args as Record<string, unknown>).input ?? (args as Record<string, unknown>).patch;
    if (typeof value === 'string') return cutPatch(value);
  }
  for (const command of commandStrings(args)) {
    if (INVOCATION.test(command)) {
      const patch = cutPatch(command);
      if (patch) return patch;
    }
  }
  return null;
}

/** One line per file: `A notes.txt (+2 -0)`. */
export function describePatch(files: PatchFile[]): string {
  const letters = { add: 'A', update: 'M', delete: 'D', move: 'R' } as const;
  return files
    .map(
      (f) => `${letters[f.kind]} ${f.path}${f.move_to ? ` → ${f.move_to}` : ''} (+${f.added} -${f.removed})`,
    )
    .join('\n');
}
