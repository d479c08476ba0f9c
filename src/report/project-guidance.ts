import { open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RecordedInstructions } from './recorded-guidance.js';

/** What a project already tells Codex, so suggestions don't repeat it. */
export interface ProjectGuidance {
  root: string;
  sessions: number;
  /** AGENTS.md at the project's root, as it is on disk now. */
  agents_md: GuidanceFile | null;
  /**
   * The AGENTS.md text Codex was given, as the newest of the project's sessions recorded it; kept only where it
   * says something the file on disk does not (the folder is gone, or the file changed since).
   */
  recorded_agents_md: RecordedGuidance | null;
  skills: GuidanceFile[];
}

interface RecordedGuidance {
  text: string;
  truncated: boolean;
  session_id: string;
  recorded_at: string | null;
}

interface GuidanceFile {
  path: string;
  text: string;
  bytes: number;
  truncated: boolean;
}

const MAX_PROJECTS = 8;
const MAX_SKILLS = 12;
const AGENTS_MD_CHARS = 8000;
const SKILL_CHARS = 2500;

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The git root above `cwd` (a `.git` dir or file), else `cwd` itself; a folder that is gone is its own root
 * (only what its sessions recorded is known of it).
 */
export async function findProjectRoot(cwd: string): Promise<string> {
  if (!(await isDirectory(cwd))) return cwd;
  for (let dir = cwd; ; dir = dirname(dir)) {
    try {
      await stat(join(dir, '.git'));
      return dir;
    } catch {
      if (dirname(dir) === dir) return cwd;
    }
  }
}

/** Reads at most `maxChars` characters from the start of a file; never the whole of a huge one. */
async function readHead(path: string, maxChars: number): Promise<GuidanceFile | null> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, maxChars * 4));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const kept = text.length > maxChars ? text.slice(0, maxChars) : text;
    return { path, text: kept, bytes: size, truncated: kept.length < text.length || bytesRead < size };
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

async function readSkills(root: string): Promise<GuidanceFile[]> {
  const skillsDir = join(root, '.codex', 'skills');
  let names: string[];
  try {
    names = (await readdir(skillsDir)).sort();
  } catch {
    return [];
  }
  const skills: GuidanceFile[] = [];
  for (const name of names) {
    if (skills.length >= MAX_SKILLS) break;
    const file = await readHead(join(skillsDir, name, 'SKILL.md'), SKILL_CHARS);
    if (file) skills.push(file);
  }
  return skills;
}

/** Does the recorded text say anything the file on disk (maybe cut short) does not? */
function saysMore(onDisk: GuidanceFile | null, given: string): boolean {
  if (!onDisk) return true;
  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  return onDisk.truncated ? !flat(given).startsWith(flat(onDisk.text)) : flat(given) !== flat(onDisk.text);
}

/** The newest recorded text per project root. */
async function newestRecorded(recorded: RecordedInstructions[]): Promise<Map<string, RecordedInstructions>> {
  const byRoot = new Map<string, RecordedInstructions>();
  for (const item of recorded) {
    const root = await findProjectRoot(item.dir);
    const known = byRoot.get(root);
    if (!known || (item.ts ?? '') >= (known.ts ?? '')) byRoot.set(root, item);
  }
  return byRoot;
}

/**
 * The AGENTS.md and `.codex/skills/*\/SKILL.md` of the projects the sessions ran in (their git roots), and the
 * AGENTS.md text the sessions recorded where it differs from the file, the busiest projects first and each text
 * cut to a bounded size.
 */
export async function collectProjectGuidance(
  cwds: (string | null)[],
  recorded: RecordedInstructions[] = [],
): Promise<ProjectGuidance[]> {
  const sessionsByCwd = new Map<string, number>();
  for (const cwd of cwds) if (cwd) sessionsByCwd.set(cwd, (sessionsByCwd.get(cwd) ?? 0) + 1);
  const sessionsByRoot = new Map<string, number>();
  for (const [cwd, count] of sessionsByCwd) {
    const root = await findProjectRoot(cwd);
    sessionsByRoot.set(root, (sessionsByRoot.get(root) ?? 0) + count);
  }
  const recordedByRoot = await newestRecorded(recorded);
  for (const root of recordedByRoot.keys()) if (!sessionsByRoot.has(root)) sessionsByRoot.set(root, 0);
  const roots = [...sessionsByRoot.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const guidance: ProjectGuidance[] = [];
  for (const [root, sessions] of roots) {
    if (guidance.length >= MAX_PROJECTS) break;
    const exists = await isDirectory(root);
    const onDisk = exists ? await readHead(join(root, 'AGENTS.md'), AGENTS_MD_CHARS) : null;
    const skills = exists ? await readSkills(root) : [];
    const given = recordedByRoot.get(root);
    const recordedAgentsMd =
      given && saysMore(onDisk, given.text)
        ? {
            text: given.text.slice(0, AGENTS_MD_CHARS),
            truncated: given.text.length > AGENTS_MD_CHARS,
            session_id: given.session_id,
            recorded_at: given.ts,
          }
        : null;
    if (onDisk || recordedAgentsMd || skills.length > 0) {
      guidance.push({ root, sessions, agents_md: onDisk, recorded_agents_md: recordedAgentsMd, skills });
    }
  }
  return guidance;
}
