/**
 * A git remote as a comparable key: `git@github.com:Owner/Repo.git`, `https://user:token@github.com/owner/repo`
 * and `ssh://git@github.com/owner/repo.git/` are all `github.com/owner/repo`. Credentials (and the redaction
 * marks that replaced them in a rollout) are dropped, the host and path lower-cased (hosts are case-blind,
 * and so are the paths of the forges people use). Null for what is not a remote URL.
 */
export function normalizeRemoteUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let rest = url.trim();
  if (rest === '') return null;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (scheme) {
    rest = rest.slice(scheme[0].length);
    if (scheme[1]!.toLowerCase() === 'file') return null;
  } else {
    // scp-like: [user@]host:path (a Windows drive or a bare path is not a remote).
    const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(rest);
    if (!scp || scp[1]!.length < 2) return null;
    rest = `${scp[1]}/${scp[2]}`;
  }
  // Everything up to the last @ before the first / is userinfo (a token, a redaction mark).
  const slash = rest.indexOf('/');
  const at = rest.lastIndexOf('@', slash === -1 ? rest.length : slash);
  if (at !== -1) rest = rest.slice(at + 1);
  const [hostPort, ...path] = rest.split('/');
  const host = (hostPort ?? '').replace(/:\d+$/, '');
  const cleanPath = path
    .join('/')
    .replace(/^~/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/i, '')
    .replace(/\/+$/, '');
  if (host === '' || cleanPath === '') return null;
  return `${host}/${cleanPath}`.toLowerCase();
}

/** The repository's name in a remote key (`github.com/owner/repo` → `repo`), as Codex's repo hint has it. */
export function remoteName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
