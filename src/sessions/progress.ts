/**
 * How far a sync of the index cache, the reading of the search text a first search needs (`phase: 'index-text'`),
 * a search reading the rollouts (`phase: 'search'`) or the reading of one transcript (`phase: 'transcript'`) has
 * come.
 */
export interface IndexProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  phase?: 'search' | 'index-text' | 'transcript';
  /** Sessions a search found so far. */
  found?: number;
}

interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressPrinter {
  onProgress(progress: IndexProgress): void;
  /** Clears the progress line, if one was shown. */
  finish(): void;
}

const REDRAW_MS = 100;

/**
 * A one-line progress display for slow cold scans: shown only on a terminal, and only once the scan has
 * taken longer than `delayMs`, so quick runs and piped output stay clean.
 */
export function createProgressPrinter(
  stream: ProgressStream,
  options: { delayMs?: number; now?: () => number } = {},
): ProgressPrinter {
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? 1000;
  const startedAt = now();
  let shown = false;
  let drawnAt = 0;
  return {
    onProgress(progress) {
      if (!stream.isTTY) return;
      const at = now();
      if (at - startedAt < delayMs) return;
      if (shown && at - drawnAt < REDRAW_MS && progress.done < progress.total) return;
      shown = true;
      drawnAt = at;
      stream.write(`\r\x1b[2K${formatProgress(progress)}`);
    },
    finish() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

function formatProgress(progress: IndexProgress): string {
  if (progress.phase === 'transcript')
    return `Reading the session: ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`;
  const files = `${progress.done}/${progress.total} files, ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`;
  if (progress.phase === 'index-text') return `Indexing the sessions' text for search: ${files}`;
  if (progress.phase !== 'search') return `Indexing Codex sessions: ${files}`;
  return `Searching the rollouts: ${files}, ${progress.found ?? 0} more found`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}
