import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { SessionSummary } from '../sessions/types.js';
import { normalizeRemoteUrl, remoteName } from './remote-url.js';

/**
 * Which sessions ran in a repository. A session belongs to it when its working directory is the repository's
 * root or lies below it (the path as given and as it resolves, symlinks followed), unless a git repository of
 * its own sits between the two (a nested repository or submodule has guidance of its own). A repository that
 * moved or was renamed keeps its sessions where its remote matches: a session recorded in a folder that no
 * longer exists, whose recorded remote is one of this repository's, is this repository's too. A folder that
 * still exists is another checkout with files of its own, and is left out.
 */
export interface RepoIdentity {
  roots: string[];
  /** Remote keys (remote-url.ts) of the repository. */
  remotes: Set<string>;
}

export async function describeRepo(repoRoot: string, remotes: Set<string>): Promise<RepoIdentity> {
  const given = resolve(repoRoot);
  const real = await realpath(given).catch(() => given);
  return { roots: [...new Set([given, real])], remotes };
}

function isUnder(dir: string, root: string): boolean {
  return dir === root || dir.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** Whether a `.git` sits in a folder from `cwd` up to (not including) `root`. */
function inNestedRepo(cwd: string, root: string, seen: Map<string, boolean>): boolean {
  const known = seen.get(cwd);
  if (known !== undefined) return known;
  let nested = false;
  for (let dir = cwd; dir !== root && isUnder(dir, root); dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      nested = true;
      break;
    }
  }
  seen.set(cwd, nested);
  return nested;
}

export interface RepoSessionSplit {
  /** Sessions whose working directory is in the repository. */
  inside: SessionSummary[];
  /** Sessions from a folder that is gone, named like one of the repository's remotes: confirm by their recorded remote. */
  moved: SessionSummary[];
}

export function splitRepoSessions(sessions: SessionSummary[], repo: RepoIdentity): RepoSessionSplit {
  const names = new Set([...repo.remotes].map(remoteName));
  const nested = new Map<string, boolean>();
  const inside: SessionSummary[] = [];
  const moved: SessionSummary[] = [];
  for (const session of sessions) {
    const cwd = session.cwd ? resolve(session.cwd) : null;
    if (cwd === null) continue;
    const root = repo.roots.find((r) => isUnder(cwd, r));
    if (root !== undefined) {
      if (!inNestedRepo(cwd, root, nested)) inside.push(session);
      continue;
    }
    const hint = session.repo_hint?.toLowerCase();
    if (hint && names.has(hint) && !existsSync(cwd)) moved.push(session);
  }
  return { inside, moved };
}

/** Whether a session's recorded remote (its `session_meta.git.repository_url`) is one of the repository's. */
export function matchesRemote(repositoryUrl: string | null | undefined, repo: RepoIdentity): boolean {
  const key = normalizeRemoteUrl(repositoryUrl);
  return key !== null && repo.remotes.has(key);
}
