import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStreamOutput } from './stream-output.js';

/** A stream whose reader takes each chunk only when `release` is called. */
function slowStream() {
  const waiting: (() => void)[] = [];
  const received: string[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk.toString('utf8'));
      waiting.push(() => callback());
    },
  });
  return { stream, received, release: () => waiting.shift()?.() };
}

describe('output written at the pace of its reader', () => {
  it('waits while the reader has not taken what was written', async () => {
    const { stream, received, release } = slowStream();
    const out = createStreamOutput(stream);
    let done = false;
    const writing = out.write('x'.repeat(64)).then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toHaveLength(1);
    expect(done).toBe(false);
    release();
    await writing;
    expect(done).toBe(true);
  });

  it('closes quietly when the reader goes away, and stops writing', async () => {
    const { stream, received } = slowStream();
    const out = createStreamOutput(stream);
    const writing = out.write('x'.repeat(64));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await writing;
    expect(out.closed).toBe(true);
    await out.write('more');
    expect(received).toHaveLength(1);
    expect(() => out.finish()).not.toThrow();
  });

  it('reports another failure of the stream when the output is finished', async () => {
    const { stream } = slowStream();
    const out = createStreamOutput(stream);
    stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }));
    expect(out.closed).toBe(true);
    expect(() => out.finish()).toThrow('EIO');
  });
});
