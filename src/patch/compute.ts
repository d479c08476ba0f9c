import { applyToContent, joinSegments, type Segment } from './apply-content.js';
import { type Check, collectCheck, skipCheck } from './checks/check.js';
import { quotePath } from './checks/path-rules.js';
import { type ReadResult, type RepoPathState, readRepoFile } from './disk.js';
import { PATCH_LIMITS } from './limits.js';
import type { FilePatch } from './model.js';

/** One file the patch writes: its bytes before and after (null: absent), and the mode it is written with. */
export interface FileWrite {
  path: string;
  before: Buffer | null;
  after: Buffer | null;
  mode: number;
}

export interface Computed {
  writes: FileWrite[];
  /** Per file of the patch, the new text in segments (for the content checks), when it applied. */
  segments: Map<FilePatch, Segment[]>;
  /** The old bytes of each source path that could be read. */
  before: Map<string, Buffer>;
  checks: Check[];
}

/** A stored diff masks credentials as `[REDACTED:kind]`; a line holding one can never match the file. */
const MASK = /\[REDACTED:[\w-]+\]/;

async function readSources(repoRoot: string, files: readonly FilePatch[]): Promise<Map<string, ReadResult>> {
  const reads = new Map<string, ReadResult>();
  for (const file of files) {
    if (file.oldPath !== null && !reads.has(file.oldPath)) {
      reads.set(file.oldPath, await readRepoFile(repoRoot, file.oldPath, PATCH_LIMITS.maxFileBytes));
    }
  }
  return reads;
}

/**
 * Computes every file's new bytes from the patch and the files as they are now (read only after their size
 * was checked), in memory: nothing is written. The result carries two checks: `needs_secret` (a hunk must
 * match a line the stored diff masked, so it can never apply: the file has to be edited by hand) and
 * `applies` (every hunk fits exactly where it says).
 */
export async function computeWrites(
  repoRoot: string,
  files: readonly FilePatch[],
  states: Map<string, RepoPathState>,
): Promise<Computed> {
  const reads = await readSources(repoRoot, files);
  const applies: { path: string; problem: string }[] = [];
  const secrets: { path: string; problem: string }[] = [];
  const writes: FileWrite[] = [];
  const segments = new Map<FilePatch, Segment[]>();
  const before = new Map<string, Buffer>();
  for (const [path, read] of reads) if (read.kind === 'file') before.set(path, read.bytes);
  for (const file of files) {
    const path = file.newPath ?? file.oldPath!;
    const read = file.oldPath === null ? null : reads.get(file.oldPath)!;
    if (read !== null && (read.kind === 'too_large' || read.kind === 'unsafe')) {
      applies.push({ path, problem: `${quotePath(file.oldPath!)} cannot be read safely` });
      continue;
    }
    const target = file.newPath === null ? undefined : states.get(file.newPath);
    if ((file.operation === 'rename' || file.operation === 'copy') && target?.kind !== 'missing') {
      applies.push({
        path,
        problem: `${quotePath(file.newPath!)} already exists; the patch would ${file.operation} onto it`,
      });
      continue;
    }
    const old = read?.kind === 'file' ? read.bytes : null;
    const result = applyToContent(file, file.oldPath ?? path, old);
    if (!result.ok) {
      const masked = result.expected !== undefined && MASK.test(result.expected);
      if (masked) {
        secrets.push({
          path,
          problem: `${quotePath(file.oldPath ?? path)} holds a credential on a line this change has to match, and the stored diff masks it, so the change cannot be applied from it; edit ${quotePath(file.oldPath ?? path)} by hand`,
        });
      } else applies.push({ path, problem: result.reason });
      continue;
    }
    segments.set(file, result.segments);
    const mode = read?.kind === 'file' ? read.mode : 0o644;
    if (file.operation === 'rename') writes.push({ path: file.oldPath!, before: old, after: null, mode });
    writes.push({
      path,
      before: file.operation === 'rename' || file.operation === 'copy' ? null : old,
      after: file.operation === 'delete' ? null : joinSegments(result.segments),
      mode,
    });
  }
  const checks = [
    collectCheck('needs_secret', secrets, 'No hunk has to match a masked credential.'),
    secrets.length > 0 && applies.length === 0
      ? skipCheck('applies', 'a hunk needs a credential that the stored diff masks.')
      : collectCheck(
          'applies',
          applies,
          `Every hunk matches the files exactly at its stated lines (${files.length} file${files.length === 1 ? '' : 's'}).`,
        ),
  ];
  return { writes, segments, before, checks };
}
