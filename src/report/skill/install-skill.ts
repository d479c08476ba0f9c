import { lstat, mkdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { RetroError } from '../../errors.js';
import { compactTimestamp } from '../../ids.js';
import { writeFileAtomic } from '../write-files.js';
import {
  buildSkillText,
  INSTALLED_BY,
  INSTALLED_BY_KEY,
  SKILL_NAME,
  type SkillCommand,
} from './skill-text.js';

/**
 * `${CODEX_HOME}/skills/insight-report/SKILL.md`, written and removed only as codex-retro's own: a skill of that
 * name the person wrote is never replaced or removed without saying so (replacing it needs --force, and keeps it
 * beside as a backup Codex does not load). Nothing is written through a symbolic link.
 */

export interface SkillPaths {
  dir: string;
  file: string;
}

/** codex-retro's own launcher, absolute (from `src/` and from `dist/` alike), as the skill runs it. */
export function launcherScript(): string {
  return fileURLToPath(new URL('../../../bin/codex-retro.js', import.meta.url));
}

export function skillPaths(codexHome: string): SkillPaths {
  const dir = join(codexHome, 'skills', SKILL_NAME);
  return { dir, file: join(dir, 'SKILL.md') };
}

type Found = { kind: 'none' } | { kind: 'ours' } | { kind: 'theirs' } | { kind: 'link'; path: string };

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Was this SKILL.md written by codex-retro? Its frontmatter says so. */
function isOurs(text: string): boolean {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return false;
  const doc = parseDocument(match[1] ?? '');
  if (doc.errors.length > 0) return false;
  const metadata = (doc.toJS() as { metadata?: Record<string, unknown> } | null)?.metadata;
  return metadata?.[INSTALLED_BY_KEY] === INSTALLED_BY;
}

async function inspect(paths: SkillPaths): Promise<Found> {
  for (const path of [paths.dir, paths.file]) {
    if ((await lstatOrNull(path))?.isSymbolicLink()) return { kind: 'link', path };
  }
  const file = await lstatOrNull(paths.file);
  if (!file) return { kind: 'none' };
  if (!file.isFile()) return { kind: 'theirs' };
  return isOurs(await readFile(paths.file, 'utf8')) ? { kind: 'ours' } : { kind: 'theirs' };
}

function linkError(path: string): RetroError {
  return new RetroError(
    'skill_is_link',
    `${path} is a symbolic link; codex-retro does not write or remove through links. Remove the link first if you want the codex-retro skill there.`,
    { status: 409 },
  );
}

export interface InstallResult {
  file: string;
  action: 'installed' | 'updated' | 'replaced';
  /** Where the person's own skill was moved, when --force replaced it. */
  backup: string | null;
}

export async function installSkill(
  codexHome: string,
  command: SkillCommand,
  options: { force: boolean; now: Date },
): Promise<InstallResult> {
  const paths = skillPaths(codexHome);
  const found = await inspect(paths);
  if (found.kind === 'link') throw linkError(found.path);
  let backup: string | null = null;
  if (found.kind === 'theirs') {
    if (!options.force) {
      throw new RetroError(
        'skill_exists',
        `${paths.file} is a skill codex-retro did not write; it is left as is. Run \`codex-retro skill install --force\` to replace it (your file is kept beside it as a backup).`,
        { status: 409 },
      );
    }
    backup = `${paths.file}.backup-${compactTimestamp(options.now)}`;
    await rename(paths.file, backup);
  }
  await mkdir(paths.dir, { recursive: true });
  await writeFileAtomic(paths.file, buildSkillText(command));
  return {
    file: paths.file,
    action: found.kind === 'none' ? 'installed' : found.kind === 'ours' ? 'updated' : 'replaced',
    backup,
  };
}

export async function uninstallSkill(codexHome: string): Promise<{ file: string; removed: boolean }> {
  const paths = skillPaths(codexHome);
  const found = await inspect(paths);
  if (found.kind === 'link') throw linkError(found.path);
  if (found.kind === 'none') return { file: paths.file, removed: false };
  if (found.kind === 'theirs') {
    throw new RetroError(
      'skill_not_ours',
      `${paths.file} was not written by codex-retro, so it is left as is. Remove it yourself if you no longer want it.`,
      { status: 409 },
    );
  }
  await rm(paths.file);
  // The folder goes too when nothing else is in it.
  await rmdir(paths.dir).catch(() => {});
  return { file: paths.file, removed: true };
}
