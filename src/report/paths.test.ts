import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { createRunDir, listRunDirs, resolveUsageDir } from './paths.js';

describe('report paths', () => {
  const usageDir = tempDirEach('usage-');

  it('writes to $INSIGHT_REPORT_USAGE_DIR, else $CODEX_HOME/usage-data', () => {
    expect(resolveUsageDir({}, '/home/sam/.codex')).toBe('/home/sam/.codex/usage-data');
    expect(resolveUsageDir({ INSIGHT_REPORT_USAGE_DIR: '/data/usage' }, '/home/sam/.codex')).toBe(
      '/data/usage',
    );
  });

  it('gives two runs in the same millisecond their own folders, newest listed first', async () => {
    const dir = usageDir();
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
