import { execFile, spawn } from 'node:child_process';

/** Who the report is for: `--user-name`, else `git config user.name`, else "you". */
export async function resolveUserName(
  flag: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  if (flag?.trim()) return flag.trim();
  const fromGit = await new Promise<string>((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, env, timeout: 5000 }, (error, stdout) =>
      resolve(error ? '' : stdout.trim()),
    );
  });
  return fromGit || 'you';
}

/**
 * Opens `url` in the default browser, detached; never fails the report. Returns why it could not,
 * or null when the opener started.
 */
export async function openInBrowser(url: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const platform = process.platform;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'no graphical display (DISPLAY/WAYLAND_DISPLAY unset)';
  }
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args as string[], { detached: true, stdio: 'ignore', env });
      child.once('error', (error) => resolve(`${command} failed: ${error.message}`));
      child.once('spawn', () => {
        child.unref();
        resolve(null);
      });
    } catch (error) {
      resolve(`${command} failed: ${(error as Error).message}`);
    }
  });
}
