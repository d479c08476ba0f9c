import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Git with a fixed identity and no global or system config, so tests never depend on the machine. */
export function git(dir: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CEILING_DIRECTORIES: dirname(dir),
    },
  });
}

interface RepoSnapshot {
  /** `git ls-files -s`: the index. */
  index: string;
  /** `git status --porcelain=v1 --untracked-files=all --ignored`. */
  status: string;
  /** Every entry of the working tree except `.git/`: file bytes (base64) or symlink target, with mode. */
  files: Record<string, { mode: number; kind: 'file' | 'symlink' | 'dir'; content: string }>;
}

export interface GitRepo {
  dir: string;
  /** The folder holding `dir` (and nothing else of the test's), for files that must stay outside the repo. */
  outside: string;
  cleanup(): void;
  snapshot(options?: { ignore?: string[] }): RepoSnapshot;
}

function walk(root: string, rel: string, out: RepoSnapshot['files'], ignore: string[]): void {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel === '' ? name : `${rel}/${name}`;
    if (path === '.git' || ignore.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)))
      continue;
    const stats = lstatSync(join(root, path));
    if (stats.isSymbolicLink()) {
      out[path] = { mode: stats.mode, kind: 'symlink', content: readlinkSync(join(root, path)) };
    } else if (stats.isDirectory()) {
      out[path] = { mode: stats.mode, kind: 'dir', content: '' };
      walk(root, path, out, ignore);
    } else {
      out[path] = {
        mode: stats.mode,
        kind: 'file',
        content: readFileSync(join(root, path)).toString('base64'),
      };
    }
  }
}

/**
 * A temporary git repository with `files` committed (paths ending in a mode suffix are not special:
 * write symlinks or executables yourself). Its parent folder is private to the test, so `outside`
 * can hold files a hostile patch might try to reach.
 */
export function makeGitRepo(files: Record<string, string>): GitRepo {
  const outside = mkdtempSync(join(tmpdir(), 'codex-retro-repo-'));
  const dir = join(outside, 'repo');
  mkdirSync(dir);
  git(dir, ['init', '-q', '-b', 'main']);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'initial']);
  return {
    dir,
    outside,
    cleanup: () => rmSync(outside, { recursive: true, force: true }),
    snapshot: (options = {}) => {
      const out: RepoSnapshot['files'] = {};
      walk(dir, '', out, options.ignore ?? []);
      return {
        index: git(dir, ['ls-files', '-s']),
        status: git(dir, ['status', '--porcelain=v1', '--untracked-files=all', '--ignored']),
        files: out,
      };
    },
  };
}
