import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunDir, listRunDirs, resolveUsageDir } from './paths.js';

describe('report paths', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes to $INSIGHT_REPORT_USAGE_DIR, else $CODEX_HOME/usage-data', () => {
    expect(resolveUsageDir({}, '/home/sam/.codex')).toBe('/home/sam/.codex/usage-data');
    expect(resolveUsageDir({ INSIGHT_REPORT_USAGE_DIR: '/data/usage' }, '/home/sam/.codex')).toBe(
      '/data/usage',
    );
  });

  it('gives two runs in the same millisecond their own folders, newest listed first', async () => {
    dir = await mkdtemp(join(tmpdir(), 'usage-'));
    const first = await createRunDir(dir, '20261122T120000000Z');
    const second = await createRunDir(dir, '20261122T120000000Z');
    const later = await createRunDir(dir, '20261122T130000000Z');
    expect(first).not.toBe(second);
    expect((await listRunDirs(dir)).map((d) => basename(d))).toEqual([
      '20261122T130000000Z',
      '20261122T120000000Z-1',
      '20261122T120000000Z',
    ]);
    expect(basename(later)).toBe('20261122T130000000Z');
  });
});
