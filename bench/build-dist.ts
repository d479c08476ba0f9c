import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Builds dist/: the bench measures the code as users run it. */
export function buildDist(): void {
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; only a missing store is fatal.
  }
  if (!existsSync(join(ROOT, 'dist', 'sessions', 'store.js'))) throw new Error('dist/ was not built');
}
