import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from './progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

const step = (done: number) => ({ done, total: 10, bytesDone: done * 2e8, bytesTotal: 2e9 });

describe('createProgressPrinter', () => {
  it('stays silent for a scan that finishes within a second', () => {
    let clock = 0;
    const { writes, stream } = fakeStream(true);
    const printer = createProgressPrinter(stream, { now: () => clock });
    clock = 900;
    printer.onProgress(step(10));
    printer.finish();
    expect(writes).toEqual([]);
  });

  it('shows files and bytes once the scan is slow, then clears the line', () => {
    let clock = 0;
    const { writes, stream } = fakeStream(true);
    const printer = createProgressPrinter(stream, { now: () => clock });
    clock = 1200;
    printer.onProgress(step(3));
    clock = 1250;
    printer.onProgress(step(4));
    clock = 1400;
    printer.onProgress(step(5));
    printer.finish();
    expect(writes).toEqual([
      '\r\x1b[2KIndexing Codex sessions: 3/10 files, 600 MB of 2.0 GB',
      '\r\x1b[2KIndexing Codex sessions: 5/10 files, 1.0 GB of 2.0 GB',
      '\r\x1b[2K',
    ]);
  });

  it('says when a search reads the rollouts, and how many more sessions it found', () => {
    let clock = 0;
    const { writes, stream } = fakeStream(true);
    const printer = createProgressPrinter(stream, { now: () => clock });
    clock = 1500;
    printer.onProgress({ ...step(4), phase: 'search', found: 2 });
    expect(writes).toEqual(['\r\x1b[2KSearching the rollouts: 4/10 files, 800 MB of 2.0 GB, 2 more found']);
  });

  it('never writes when stderr is not a terminal', () => {
    let clock = 0;
    const { writes, stream } = fakeStream(false);
    const printer = createProgressPrinter(stream, { now: () => clock });
    clock = 5000;
    printer.onProgress(step(3));
    printer.finish();
    expect(writes).toEqual([]);
  });
});
