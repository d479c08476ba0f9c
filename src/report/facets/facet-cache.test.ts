import { appendFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSampleFacets } from '../../../test/helpers/report/sample-evidence.js';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { computeFacetKey, facetFileName, readCachedFacets, writeCachedFacets } from './facet-cache.js';

const ID = '01a20120-073d-7262-9942-d5f2c9b66274';
const info = { written_at: '2026-11-22T12:00:00.000Z', thread_id: 'thread' };

describe('facet cache', () => {
  const tmp = tempDirEach('facets-');

  it('gives facets back while the rollout is unchanged, and not once it grew or was rewritten', async () => {
    const dir = tmp();
    const rollout = join(dir, 'rollout.jsonl');
    await writeFile(rollout, '{"type":"session_meta"}\n');
    const key = await computeFacetKey(rollout);
    expect(key).not.toBeNull();
    await writeCachedFacets(dir, ID, key!, buildSampleFacets(0), info);
    expect(await readdir(dir)).toContain(`${ID}.json`);
    expect(await readCachedFacets(dir, ID, (await computeFacetKey(rollout))!)).toEqual(buildSampleFacets(0));

    await appendFile(rollout, '{"type":"event_msg"}\n');
    expect(await readCachedFacets(dir, ID, (await computeFacetKey(rollout))!)).toBeNull();
    await writeFile(rollout, '{"type":"session_meta"}\n'.replace('meta', 'mate'));
    expect(await readCachedFacets(dir, ID, (await computeFacetKey(rollout))!)).toBeNull();
    expect(await readCachedFacets(dir, ID, { ...key!, parser_version: key!.parser_version + 1 })).toBeNull();
  });

  it('treats a damaged or foreign cache file as none, and never makes a path from an odd id', async () => {
    const dir = tmp();
    const rollout = join(dir, 'r.jsonl');
    await writeFile(rollout, 'x\n');
    const key = (await computeFacetKey(rollout))!;
    await writeFile(join(dir, `${ID}.json`), '{"session_id": "01a2');
    expect(await readCachedFacets(dir, ID, key)).toBeNull();
    await writeFile(
      join(dir, `${ID}.json`),
      JSON.stringify({ session_id: 'other', key, facets: buildSampleFacets(1) }),
    );
    expect(await readCachedFacets(dir, ID, key)).toBeNull();

    const odd = '../../etc/passwd';
    expect(facetFileName(odd)).toMatch(/^id-[0-9a-f]{32}\.json$/);
    await writeCachedFacets(dir, odd, key, buildSampleFacets(1), info);
    expect(await readCachedFacets(dir, odd, key)).toEqual(buildSampleFacets(1));
    expect(await computeFacetKey(join(dir, 'missing.jsonl'))).toBeNull();
  });
});
