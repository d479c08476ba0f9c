import { appendFile, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { fingerprintFile } from '../read/fingerprint.js';
import { type ScanResult, scanRollout } from './scan.js';

/** A session that grows is scanned again from its checkpoint: same result as a full scan, only new bytes read. */

const REAL = join(
  import.meta.dirname,
  '../../../test/fixtures/codex-sessions/0.169.0/sessions/2026/11/22/rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl',
);

/** Overwrites every byte before `offset` except newlines: any re-read of them would be malformed lines. */
async function poisonPrefix(path: string, offset: number): Promise<void> {
  const bytes = await readFile(path);
  for (let i = 0; i < offset; i++) if (bytes[i] !== 0x0a) bytes[i] = 0x78;
  const handle = await open(path, 'r+');
  await handle.write(bytes, 0, offset, 0);
  await handle.close();
}

function comparable(result: ScanResult) {
  return result.metadata;
}

describe('incremental scans', () => {
  const dir = tempDirEach('rollout-grow-');
  let path: string;
  let full: Buffer;
  beforeEach(async () => {
    path = join(dir(), 'rollout-2026-11-22T02-41-26-01a20121-4104-7860-a789-784a06f2dd57.jsonl');
    full = await readFile(REAL);
  });

  it('continues from the checkpoint, reads only the new bytes, and ends where a full scan ends', async () => {
    const reference = await scanRollout(REAL);
    // Cut after the second turn's task_complete: the file as Codex left it between two resumes.
    const lines = full.toString('utf8').split('\n');
    const cutLine = lines.findIndex((l, i) => i > 30 && l.includes('"task_complete"')) + 1;
    const cut = Buffer.byteLength(`${lines.slice(0, cutLine).join('\n')}\n`);
    await writeFile(path, full.subarray(0, cut));

    const first = await scanRollout(path);
    expect(first.checkpoint.offset).toBe(cut);
    expect(first.checkpoint.line).toBe(cutLine);
    // Taken through the descriptor the scan read with: the same bytes the index checks a grown file against.
    expect(first.fingerprint).toBe(fingerprintFile(path, cut));
    expect(first.metadata.user_messages).toBeLessThan(reference.metadata.user_messages);

    await poisonPrefix(path, cut);
    await appendFile(path, full.subarray(cut));
    const checkpoint = JSON.parse(JSON.stringify(first.checkpoint));
    const second = await scanRollout(path, { from: checkpoint });

    expect(second.issues).toEqual([]);
    expect(comparable(second)).toEqual(comparable(reference));
    expect(second.checkpoint.offset).toBe(full.length);
    expect([...first.docs, ...second.docs]).toEqual(reference.docs);
    expect(second.docs.every((d) => d.line >= cutLine)).toBe(true);
  });

  it('re-reads a torn last line once it is complete, counting it once', async () => {
    const reference = await scanRollout(REAL);
    const lastLineStart = full.lastIndexOf('\n', full.length - 2) + 1;
    const torn = lastLineStart + 40;
    await writeFile(path, full.subarray(0, torn));

    const first = await scanRollout(path);
    expect(first.issues.map((i) => i.kind)).toEqual(['torn_last_line']);
    expect(first.checkpoint.offset).toBe(lastLineStart);
    expect(first.fingerprint).toBe(fingerprintFile(path, lastLineStart));
    expect(first.fingerprint).not.toBe(fingerprintFile(path, torn));

    await appendFile(path, full.subarray(torn));
    const second = await scanRollout(path, { from: first.checkpoint });
    expect(second.issues).toEqual([]);
    expect(comparable(second)).toEqual(comparable(reference));
  });

  it('scans a long rollout in slices of bounded size that add up to one full scan', async () => {
    await writeFile(path, full);
    const reference = await scanRollout(path);
    const docs: ScanResult['docs'] = [];
    let result = await scanRollout(path, { maxBytes: 4096 });
    let slices = 1;
    docs.push(...result.docs);
    while (result.checkpoint.offset < full.length) {
      const before = result.checkpoint.offset;
      result = await scanRollout(path, { from: result.checkpoint, maxBytes: 4096 });
      expect(result.checkpoint.offset).toBeGreaterThan(before);
      docs.push(...result.docs);
      slices++;
    }
    expect(slices).toBeGreaterThan(10);
    // A message whose two copies straddle a slice boundary keeps the first copy's line.
    const texts = (list: ScanResult['docs']) => list.map((d) => `${d.kind}|${d.role}|${d.text}`);
    expect(texts(docs)).toEqual(texts(reference.docs));
    expect(comparable(result)).toEqual(comparable(reference));
  });

  it('starts over when the file shrank below the checkpoint (rewritten)', async () => {
    await writeFile(path, full);
    const first = await scanRollout(path);
    const shorter = full.subarray(0, full.indexOf('\n', 2000) + 1);
    await writeFile(path, shorter);
    const again = await scanRollout(path, { from: first.checkpoint });
    expect(again.checkpoint.offset).toBe(shorter.length);
    expect(again.metadata).toEqual((await scanRollout(path)).metadata);
  });

  it('ignores a checkpoint of another parser version and scans from the start', async () => {
    await writeFile(path, full);
    const reference = await scanRollout(path);
    const stale = { ...reference.checkpoint, parser_version: -1 };
    const again = await scanRollout(path, { from: stale });
    expect(again.docs).toEqual(reference.docs);
    expect(comparable(again)).toEqual(comparable(reference));
  });
});
