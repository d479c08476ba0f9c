import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import type * as FingerprintModule from './fingerprint.js';
import type * as LineReaderModule from './line-reader.js';
import type { RawLine } from './line-reader.js';
import type * as ReadAheadModule from './read-ahead.js';

// The reading thread runs a built script, so it is exercised through dist/ (built by the global setup).
const dist = (file: string) => new URL(`../../../dist/sessions/${file}`, import.meta.url).href;
const { startReadAhead } = (await import(dist('read/read-ahead.js'))) as typeof ReadAheadModule;
const { readLines, isSkippableLine, SCAN_LINE_LIMITS } = (await import(
  dist('read/line-reader.js')
)) as typeof LineReaderModule;
const { fingerprintFile } = (await import(dist('read/fingerprint.js'))) as typeof FingerprintModule;
const { scanRollout } = (await import(dist('scan/scan.js'))) as typeof import('../scan/scan.js');

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures');
/** Every JSONL rollout of the fixtures: real ones of each release, each era, and the hostile cases. */
const fixtureRollouts = () =>
  readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter(
      (entry) =>
        entry.isFile() && entry.name.endsWith('.jsonl') && /rollouts|codex-sessions/.test(entry.parentPath),
    )
    .map((entry) => join(entry.parentPath, entry.name));

const envelope = (type: string, payload: object) =>
  JSON.stringify({ timestamp: '2026-11-03T05:00:25.195Z', type, payload });

/** What a parser sees of a line, with the skip decided as the parser would. */
function describeLine(line: RawLine & { skippable?: boolean }) {
  const skippable = line.skippable ?? (line.terminated && isSkippableLine(line.head));
  return {
    index: line.index,
    offset: line.offset,
    bytes: line.bytes,
    terminated: line.terminated,
    skippable,
    head: skippable ? '' : line.head.toString('latin1'),
    tail: skippable ? null : (line.tail?.toString('latin1') ?? null),
  };
}

/** A reading thread over whole files, once it runs: from then on, every file not yet taken is the thread's. */
async function readingWhole(paths: string[], ringRecords?: number) {
  const ahead = startReadAhead(
    paths.map((path) => ({ path, start: 0, startLine: 0 })),
    ringRecords === undefined ? {} : { ringRecords },
  );
  expect(await ahead.started).toBe(true);
  return ahead;
}

describe('startReadAhead', () => {
  const dir = tempDirEach('read-ahead-');

  /** Rollouts with short lines, long lines kept as head and tail, skippable lines and a torn last line. */
  function writeRollouts(): string[] {
    const paths: string[] = [];
    for (let n = 0; n < 6; n++) {
      const lines = [
        envelope('session_meta', { id: `0199a213-81c0-7800-8aa1-bbab2a035a5${n}`, cwd: '/w' }),
        envelope('world_state', { snapshot: 'x'.repeat(300) }),
        ...Array.from({ length: 40 }, (_, i) =>
          envelope('response_item', {
            type: 'function_call_output',
            call_id: `call_${i}`,
            // Every fifth output is far longer than the head the scan keeps; some of them wide text.
            output: i % 10 === 5 ? '漢'.repeat(7000) : `${n}:${i} `.repeat(i % 5 === 0 ? 5000 : 20),
          }),
        ),
      ];
      const path = join(dir(), `rollout-${n}.jsonl`);
      const torn = n % 2 === 1 ? '{"timestamp":"2026-11-03T05:00:26Z","type":"resp' : '';
      writeFileSync(path, `${lines.join('\n')}\n${torn}`);
      paths.push(path);
    }
    return paths;
  }

  it('hands each file the lines, skips and fingerprints the parser would read itself', async () => {
    const paths = writeRollouts();
    // A ring of two records: the thread waits for the parser over and over, and the positions wrap.
    const ahead = await readingWhole(paths, 2);
    for (const path of paths) {
      // A line's buffers are reused for the next: each is described as it comes.
      const expected = Array.from(readLines(path, SCAN_LINE_LIMITS), (line) => ({
        ...describeLine(line),
        head: line.head.toString('latin1'),
        tail: line.tail?.toString('latin1') ?? null,
      }));
      const lines = ahead.take(path);
      // Started before any file was taken: the thread has them all.
      expect(lines).not.toBeNull();
      const seen = Array.from(lines!.lines(), describeLine);
      expect(seen).toEqual(
        expected.map((line) => (line.skippable ? { ...line, head: '', tail: null } : line)),
      );
      expect(seen.filter((line) => line.skippable)).toHaveLength(1);
      expect(seen.some((line) => line.tail !== null)).toBe(true);
      // A wide head (see SCAN_LINE_LIMITS) crosses the ring too.
      expect(seen.some((line) => line.head.length > SCAN_LINE_LIMITS.headCap)).toBe(true);
      const last = expected.at(-1)!;
      const afterWhole = last.terminated ? last.offset + last.bytes + 1 : last.offset;
      expect(lines!.fingerprint(afterWhole)).toBe(fingerprintFile(path, afterWhole));
      expect(lines!.fingerprint(3)).toBeNull();
      expect(() => lines!.checkStillThere()).not.toThrow();
    }
    await ahead.close();
  });

  it('passes over the files the parser skips or leaves half read', async () => {
    const paths = writeRollouts();
    const ahead = await readingWhole(paths, 2);
    // A file read in part (the parser stopped early), then one taken after two were skipped.
    const first = ahead.take(paths[1]!);
    expect(first?.lines().next().value?.index).toBe(0);
    const later = ahead.take(paths[4]!);
    expect(later).not.toBeNull();
    const expected = Array.from(readLines(paths[4]!, SCAN_LINE_LIMITS), (line) => line.offset);
    expect(Array.from(later!.lines(), (line) => line.offset)).toEqual(expected);
    // Taken before, or not in the list: the caller reads it itself.
    expect(ahead.take(paths[2]!)).toBeNull();
    expect(ahead.take(join(dir(), 'elsewhere.jsonl'))).toBeNull();
    await ahead.close();
  });

  it('reports a file it cannot open where the parser would have met it', async () => {
    const [path] = writeRollouts();
    const missing = join(dir(), 'gone.jsonl');
    const ahead = await readingWhole([missing, path!]);
    const lines = ahead.take(missing);
    expect(lines).not.toBeNull();
    expect(() => [...lines!.lines()]).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(ahead.take(path!)).not.toBeNull();
    await ahead.close();
  });

  it('reads from where a continued scan starts', async () => {
    const [path] = writeRollouts();
    const all = Array.from(readLines(path!, SCAN_LINE_LIMITS), (line) => ({
      index: line.index,
      offset: line.offset,
    }));
    const from = all[10]!;
    const ahead = startReadAhead([{ path: path!, start: from.offset, startLine: from.index }]);
    expect(await ahead.started).toBe(true);
    const lines = ahead.take(path!);
    expect(lines).not.toBeNull();
    expect(Array.from(lines!.lines(), (line) => ({ index: line.index, offset: line.offset }))).toEqual(
      all.slice(10),
    );
    await ahead.close();
  });

  it('gives the parser what it reads itself, on every fixture rollout', async () => {
    const paths = [...fixtureRollouts(), ...writeRollouts()];
    expect(paths.length).toBeGreaterThan(60);
    const ahead = await readingWhole(paths, 4);
    for (const path of paths) {
      const lines = ahead.take(path);
      expect(lines).not.toBeNull();
      const fed = await scanRollout(path, { lines: lines! });
      expect(fed, path).toEqual(await scanRollout(path));
      expect(fed.fingerprint).toBe(fingerprintFile(path, fed.checkpoint.offset));
    }
    await ahead.close();
  });

  it('leaves the files to the parser once the thread stopped early', async () => {
    const paths = writeRollouts();
    const ahead = await readingWhole(paths, 2);
    const first = ahead.take(paths[0]!);
    const lines = first!.lines();
    expect(lines.next().done).toBe(false);
    // Stopped while the ring is full: the thread writes no more.
    await ahead.close();
    expect(() => [...lines]).toThrow('The reading thread stopped before the end of the file.');
    expect(ahead.take(paths[1]!)).toBeNull();
  });

  it('stops a thread that waits for room when the parser is done early', async () => {
    const paths = writeRollouts();
    const ahead = await readingWhole(paths, 2);
    expect(ahead.take(paths[0]!)).not.toBeNull();
    // The thread is blocked on a full ring: closing wakes it and it exits.
    await ahead.close();
  });
});
