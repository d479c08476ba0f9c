import { open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What a project already tells Codex, so suggestions don't repeat it. */
export interface ProjectGuidance {
  root: string;
  sessions: number;
  agents_md: GuidanceFile | null;
  skills: GuidanceFile[];
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

/** The git root above `cwd` (a `.git` dir or file), else `cwd` itself when it still exists. */
async function findProjectRoot(cwd: string): Promise<string | null> {
  if (!(await isDirectory(cwd))) return null;
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

/**
 * The AGENTS.md and `.codex/skills/*\/SKILL.md` of the projects the sessions ran in (their git roots),
 * the busiest projects first and each file cut to a bounded size.
 */
export async function collectProjectGuidance(cwds: (string | null)[]): Promise<ProjectGuidance[]> {
  const sessionsByCwd = new Map<string, number>();
  for (const cwd of cwds) if (cwd) sessionsByCwd.set(cwd, (sessionsByCwd.get(cwd) ?? 0) + 1);
  const sessionsByRoot = new Map<string, number>();
  for (const [cwd, count] of sessionsByCwd) {
    const root = await findProjectRoot(cwd);
    if (root) sessionsByRoot.set(root, (sessionsByRoot.get(root) ?? 0) + count);
  }
  const roots = [...sessionsByRoot.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_PROJECTS);
  const guidance: ProjectGuidance[] = [];
  for (const [root, sessions] of roots) {
    const agentsMd = await readHead(join(root, 'AGENTS.md'), AGENTS_MD_CHARS);
    const skills = await readSkills(root);
    if (agentsMd || skills.length > 0) guidance.push({ root, sessions, agents_md: agentsMd, skills });
  }
  return guidance;
}
