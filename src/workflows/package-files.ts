import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A path inside the codex-retro package (the built web UI, sample sessions), found by walking up from this
 * module to the directory that holds package.json — the same from `src/` under tsx and from `dist/`.
 */
export async function findPackageFile(relativePath: string): Promise<string | null> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (await exists(join(dir, 'package.json'))) {
      const target = join(dir, relativePath);
      return (await exists(target)) ? target : null;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
