import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { ensureSubfolder, prepareUsageDir } from './usage-dir.js';

describe('prepareUsageDir', () => {
  const tmp = tempDirEach('usage-dir-');

  it('creates the folder and its parents, and leaves no trace of the write check', async () => {
    const dir = join(tmp(), 'a', 'b', 'usage');
    await prepareUsageDir(dir, 'env');
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    await prepareUsageDir(dir, 'env');
    expect(await ensureSubfolder(dir, 'facets')).toBe(join(dir, 'facets'));
    expect(await ensureSubfolder(dir, 'facets')).toBe(join(dir, 'facets'));
  });

  it('says in one line that a file is not a folder, naming the variable to change', async () => {
    const file = join(tmp(), 'usage.txt');
    await writeFile(file, 'x');
    await expect(prepareUsageDir(file, 'env')).rejects.toMatchObject({
      code: 'usage_dir_unusable',
      message: expect.stringMatching(
        /^INSIGHT_REPORT_USAGE_DIR \(.*usage\.txt\) is a file, not a folder\. Point/,
      ),
    });
    await expect(prepareUsageDir(join(file, 'below'), 'default')).rejects.toThrow(
      /lies under .*usage\.txt, which is a file/,
    );
    await mkdir(join(tmp(), 'u'));
    await writeFile(join(tmp(), 'u', 'facets'), 'x');
    await expect(ensureSubfolder(join(tmp(), 'u'), 'facets')).rejects.toThrow(
      /is a file, but codex-retro keeps a folder/,
    );
  });

  it('refuses /proc and /sys at once instead of hanging, and a folder it cannot write to', async () => {
    await expect(prepareUsageDir('/proc/usage-data', 'env')).rejects.toThrow(/cannot be created \(ENOENT\)/);
    await expect(prepareUsageDir('/proc/self', 'env')).rejects.toThrow(/cannot be written to/);
    await expect(prepareUsageDir('/sys/kernel', 'env')).rejects.toThrow(
      /cannot be written to \((EACCES|EPERM|EROFS)\)/,
    );
  });
});
