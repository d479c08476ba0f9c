import { fingerprintRepoFile } from '../disk.js';
import { PATCH_LIMITS } from '../limits.js';
import { type Check, failCheck, passCheck } from './check.js';
import { findSyntaxProblem } from './path-rules.js';

/** What each touched file was when the patch was made: its fingerprint (see fingerprintRepoFile). */
export type BaseFiles = { path: string; sha256: string | null }[];

/** The fingerprint of every touched path that may be looked at, to tell later whether the tree moved. */
export function fingerprintFiles(repoRoot: string, paths: string[]): Promise<BaseFiles> {
  const readable = paths.filter((path) => findSyntaxProblem(path) === null);
  return Promise.all(
    readable.map(async (path) => ({
      path,
      sha256: await fingerprintRepoFile(repoRoot, path, PATCH_LIMITS.maxFileBytes),
    })),
  );
}

/** Compares the touched files with their fingerprints from when the patch was made. */
export async function checkFreshness(repoRoot: string, base: BaseFiles): Promise<Check> {
  const changed: string[] = [];
  for (const entry of base) {
    const readable = findSyntaxProblem(entry.path) === null;
    const now = readable
      ? await fingerprintRepoFile(repoRoot, entry.path, PATCH_LIMITS.maxFileBytes)
      : undefined;
    if (now !== entry.sha256) changed.push(entry.path);
  }
  if (changed.length === 0)
    return passCheck('fresh', 'The touched files are as they were when the proposal was made.');
  return failCheck(
    'fresh',
    `The repository changed since this proposal was generated (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}): regenerate it.`,
    { changed },
  );
}
