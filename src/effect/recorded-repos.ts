import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The repositories codex-retro keeps proposal records for (`STATE/proposals/<key>/repo.json`), so the report
 * can measure changes applied in a repository none of the window's sessions ran in. A record it cannot read is
 * passed over: the repository is then found through its sessions, if at all.
 */
export async function listRecordedRepos(stateDir: string): Promise<string[]> {
  const base = join(stateDir, 'proposals');
  const keys = await readdir(base).catch(() => [] as string[]);
  const roots: string[] = [];
  for (const key of keys) {
    try {
      const record = JSON.parse(await readFile(join(base, key, 'repo.json'), 'utf8')) as {
        repo_root?: unknown;
      };
      if (typeof record.repo_root === 'string' && record.repo_root !== '') roots.push(record.repo_root);
    } catch {
      // Not a repository folder of codex-retro's (or one being written).
    }
  }
  return [...new Set(roots)].sort();
}
