import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RetroError } from '../errors.js';

/** How the usage directory was chosen, so the error names what the person can change. */
export type UsageDirSource = 'env' | 'default';

function describe(dir: string, source: UsageDirSource): string {
  return source === 'env' ? `INSIGHT_REPORT_USAGE_DIR (${dir})` : `The report folder ${dir}`;
}

function fix(source: UsageDirSource): string {
  return source === 'env'
    ? 'Point INSIGHT_REPORT_USAGE_DIR at a folder you can write to, or unset it to use $CODEX_HOME/usage-data.'
    : 'Make it a folder you can write to, or set INSIGHT_REPORT_USAGE_DIR to one.';
}

function unusable(dir: string, source: UsageDirSource, problem: string, cause?: unknown): RetroError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new RetroError(
    'usage_dir_unusable',
    `${describe(dir, source)} ${problem}${code ? ` (${code})` : ''}. ${fix(source)}`,
    { status: 400, ...(cause === undefined ? {} : { cause }) },
  );
}

/** The path's stat, or null when nothing is there (or a file stands where a parent folder should be). */
async function statOrNull(path: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Makes sure the usage directory is a folder this process can write to, before anything is read: a file, a
 * folder under /proc or /sys, or one without write permission is one clear error. Every call is a plain,
 * non-recursive one: Node's recursive mkdir never returns under /proc, where mkdir answers ENOENT although
 * the parent exists.
 */
export async function prepareUsageDir(dir: string, source: UsageDirSource): Promise<void> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    let found: Awaited<ReturnType<typeof stat>> | null;
    try {
      found = await statOrNull(current);
    } catch (error) {
      throw unusable(dir, source, 'cannot be read', error);
    }
    if (found) {
      if (!found.isDirectory()) {
        throw unusable(
          dir,
          source,
          current === dir ? 'is a file, not a folder' : `lies under ${current}, which is a file`,
        );
      }
      break;
    }
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await statOrNull(folder))?.isDirectory())
        continue;
      throw unusable(dir, source, 'cannot be created', error);
    }
  }
  const probe = join(dir, `.codex-retro-probe-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '');
  } catch (error) {
    throw unusable(dir, source, 'cannot be written to', error);
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
}

/** A subfolder of a usage directory already checked by `prepareUsageDir`. */
export async function ensureSubfolder(dir: string, name: string): Promise<string> {
  const folder = join(dir, name);
  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (!(await statOrNull(folder))?.isDirectory()) {
      throw new RetroError(
        'usage_dir_unusable',
        `${folder} is a file, but codex-retro keeps a folder there. Move the file away and run the report again.`,
        { status: 400 },
      );
    }
  }
  return folder;
}
