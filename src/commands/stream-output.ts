/**
 * Output written as it is made, at the pace of its reader: a write waits while the stream's buffer is full
 * (a pager, a slow pipe), so a transcript of gigabytes is never queued in memory; a reader that goes away
 * (`| head`) closes it, and the writer stops making output rather than failing.
 */
export interface StreamOutput {
  write(text: string): Promise<void>;
  /** The reader went away (or the stream failed): nothing more is written. */
  readonly closed: boolean;
  /** Throws what made the stream fail, other than its reader going away. */
  finish(): void;
}

export function createStreamOutput(stream: NodeJS.WritableStream): StreamOutput {
  let closed = false;
  let failure: Error | null = null;
  const wake = new Set<() => void>();
  const onError = (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') failure ??= error;
    for (const resolve of wake) resolve();
  };
  stream.on('error', onError);
  return {
    get closed() {
      return closed;
    },
    async write(text) {
      if (closed || text === '') return;
      if (stream.write(text)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          wake.delete(done);
          stream.removeListener('drain', done);
          resolve();
        };
        wake.add(done);
        stream.once('drain', done);
      });
    },
    finish() {
      // The listener stays: a reader that leaves after the last write must not make an uncaught error.
      if (failure) throw failure;
    },
  };
}
