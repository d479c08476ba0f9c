import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { redactText } from '../../redact/index.js';

const run = promisify(execFile);

/** How much of the repository's current instructions a proposal prompt carries. */
const FILE_LIMIT = 32 * 1024;
const TOTAL_LIMIT = 96 * 1024;
const MAX_FILES = 200;

interface RepoFile {
  path: string;
  text: string;
  truncated: boolean;
}

export interface RepoContext {
  files: RepoFile[];
  /** Files seen but not included (over the budget, binary, symlinks). */
  skipped: { path: string; reason: string }[];
}

async function walk(root: string, dir: string, out: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (out.length >= MAX_FILES) return;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, out);
    else out.push(relative(root, full).split(sep).join('/'));
  }
}

async function listSubtreeAgents(repoRoot: string): Promise<string[]> {
  try {
    const { stdout } = await run(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*/AGENTS.md'],
      {
        cwd: repoRoot,
        maxBuffer: 8 * 1024 * 1024,
      },
    );
    return stdout
      .split('\0')
      .filter((p) => p !== '' && p !== 'AGENTS.md')
      .slice(0, MAX_FILES);
  } catch {
    return [];
  }
}

/** The first `length` bytes of a file (never following a symlink), without reading the rest. */
async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function findSymlink(repoRoot: string, paths: string[]): Promise<string | null> {
  for (const path of paths) {
    const info = await lstat(join(repoRoot, path)).catch(() => null);
    if (info?.isSymbolicLink()) return path;
  }
  return null;
}

/**
 * The files a proposal may change, as they are now: the root AGENTS.md and everything under `.codex/skills/`
 * (plus subtree AGENTS.md files when allowed). Symlinks are never followed; text is redacted.
 */
export async function readRepoContext(
  repoRoot: string,
  options: { subtreeAgents: boolean },
): Promise<RepoContext> {
  const paths = ['AGENTS.md'];
  const skipped: RepoContext['skipped'] = [];
  // A symlinked `.codex` or `.codex/skills` could point anywhere on the machine: it is not read.
  const linked = await findSymlink(repoRoot, ['.codex', '.codex/skills']);
  if (linked) skipped.push({ path: linked, reason: 'symlink' });
  else await walk(repoRoot, join(repoRoot, '.codex', 'skills'), paths);
  if (options.subtreeAgents) paths.push(...(await listSubtreeAgents(repoRoot)));
  const files: RepoFile[] = [];
  let total = 0;
  for (const path of paths) {
    const full = join(repoRoot, path);
    const info = await lstat(full).catch(() => null);
    if (!info) continue;
    if (!info.isFile()) {
      skipped.push({ path, reason: info.isSymbolicLink() ? 'symlink' : 'not a regular file' });
      continue;
    }
    if (total >= TOTAL_LIMIT) {
      skipped.push({ path, reason: 'over the size budget' });
      continue;
    }
    // Sized from lstat and read no further than the budget: a multi-gigabyte file is never read whole.
    const limit = Math.min(FILE_LIMIT, TOTAL_LIMIT - total);
    const bytes = await readHead(full, limit + 1);
    if (bytes.includes(0)) {
      skipped.push({ path, reason: 'binary' });
      continue;
    }
    const truncated = bytes.length > limit;
    const text = redactText(bytes.subarray(0, limit).toString('utf8'));
    total += text.length;
    files.push({ path, text, truncated });
  }
  return { files, skipped };
}

/** The context as prompt text: one fenced block per file. */
export function formatRepoContext(context: RepoContext): string {
  if (context.files.length === 0)
    return '(The repository has no AGENTS.md and no skills under .codex/skills yet.)';
  const parts = context.files.map(
    (f) =>
      `=== ${f.path}${f.truncated ? ' (cut: only the start is shown; do not edit past it)' : ''} ===\n${f.text}`,
  );
  if (context.skipped.length > 0) {
    parts.push(`Not shown: ${context.skipped.map((s) => `${s.path} (${s.reason})`).join(', ')}`);
  }
  return parts.join('\n\n');
}
