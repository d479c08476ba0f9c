import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readRepoFile } from './checks/disk.js';
import type { FilePatch } from './diff-parse.js';
import { gitApply, initScratchRepo, readEolSettings, summarizeGitError } from './git.js';

/** Every `.gitattributes` that can apply to a file of the patch (root and each folder on the way). */
function attributeFiles(file: FilePatch): string[] {
  const paths: string[] = [];
  for (const path of [file.oldPath, file.newPath]) {
    if (path === null) continue;
    const segments = path.split('/');
    for (let i = 0; i < segments.length; i++)
      paths.push([...segments.slice(0, i), '.gitattributes'].join('/'));
  }
  return paths;
}

export type StageResult = { ok: true; results: Map<string, Buffer | null> } | { ok: false; message: string };

/**
 * Applies the canonical patch twice: `git apply --check` on the repository as it is now, and a real apply
 * on a scratch copy of the touched files (with the repository's `.gitattributes` and line-ending settings,
 * so line endings convert as they will in the repository). The copy tells what every file will contain afterwards
 * (null: removed), so sizes and skills are checked on the real result and apply can verify its work.
 * Call only for a patch whose paths passed every path check.
 */
export async function stagePatch(
  repoRoot: string,
  files: FilePatch[],
  canonical: string,
): Promise<StageResult> {
  const check = await gitApply(repoRoot, canonical, { check: true });
  if (check.code !== 0) {
    return {
      ok: false,
      message: `The patch does not apply to the files as they are now: ${summarizeGitError(check)}`,
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'codex-retro-stage-'));
  try {
    await initScratchRepo(dir);
    const copies = [...new Set([...files.flatMap(attributeFiles), ...files.map((file) => file.oldPath)])];
    for (const path of copies) {
      if (path === null) continue;
      const bytes = await readRepoFile(repoRoot, path).catch(() => null);
      if (bytes === null) continue;
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    const applied = await gitApply(dir, canonical, { config: await readEolSettings(repoRoot) });
    if (applied.code !== 0) {
      return { ok: false, message: `The patch does not apply cleanly: ${summarizeGitError(applied)}` };
    }
    const results = new Map<string, Buffer | null>();
    for (const file of files) {
      if (file.oldPath !== null && (file.kind === 'rename' || file.kind === 'delete'))
        results.set(file.oldPath, null);
    }
    for (const file of files) {
      if (file.newPath === null) continue;
      const target = join(dir, file.newPath);
      const stats = await lstat(target);
      if (!stats.isFile())
        return { ok: false, message: `Applying the patch would not leave a plain file at ${file.newPath}.` };
      results.set(file.newPath, await readFile(target));
    }
    return { ok: true, results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
