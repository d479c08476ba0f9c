import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { loadTelemetry } from './telemetry.js';
import { MAX_TELEMETRY_FILES } from './telemetry-read.js';

const since = new Date('2026-11-15T00:00:00Z');
const until = new Date('2026-11-23T00:00:00Z');
const fixture = join(import.meta.dirname, '../../test/fixtures/otel/codex-0.169-exec.jsonl');

/** One collector export line holding one `codex.user_prompt` event at `at`. */
function promptLine(at: string, conversation: string): string {
  return `${JSON.stringify({
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: [
              {
                attributes: [
                  { key: 'event.name', value: { stringValue: 'codex.user_prompt' } },
                  { key: 'event.timestamp', value: { stringValue: at } },
                  { key: 'conversation.id', value: { stringValue: conversation } },
                ],
              },
            ],
          },
        ],
      },
    ],
  })}\n`;
}

async function writeAt(path: string, data: string | Buffer, mtime: Date): Promise<void> {
  await writeFile(path, data);
  await utimes(path, mtime, mtime);
}

describe('reading collector files', () => {
  const tmpDir = tempDirEach('otel-read-');

  it('reads rotated .gz files like plain ones', async () => {
    const dir = tmpDir();
    const text = await readFile(fixture, 'utf8');
    await writeFile(join(dir, 'logs-2026-11-21.json.gz'), gzipSync(text));
    const summary = await loadTelemetry({ dir, since, until });
    expect(summary.read).toMatchObject({ files: 1, gzip_files: 1, bad_lines: 0 });
    expect(summary.api.requests).toBe(3);
    expect(summary.limitations).toEqual([]);
  });

  it('keeps the events of a cut .gz read before the cut, and says the file could not be read to the end', async () => {
    const dir = tmpDir();
    const lines = Array.from({ length: 400 }, (_, i) => promptLine('2026-11-20T10:00:00Z', `c${i}`)).join('');
    const zipped = gzipSync(lines);
    await writeFile(join(dir, 'logs.jsonl.gz'), zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    const summary = await loadTelemetry({ dir, since, until });
    expect(summary.user_prompts).toBeGreaterThan(0);
    expect(summary.user_prompts).toBeLessThan(400);
    expect(summary.read?.unreadable_files).toEqual([join(dir, 'logs.jsonl.gz')]);
    expect(summary.limitations.join(' ')).toMatch(/1 telemetry file\(s\) could not be read to the end/);
  });

  it(`keeps the newest ${MAX_TELEMETRY_FILES} files when there are more, and says so`, async () => {
    const dir = tmpDir();
    const total = MAX_TELEMETRY_FILES + 3;
    for (let i = 0; i < total; i++) {
      // File i was last written on day i: the newest are the ones with events inside the window.
      const written = new Date(Date.UTC(2026, 10, 22, 0, 0, 0) - (total - 1 - i) * 60_000);
      const name = `logs-${String(i).padStart(4, '0')}.json`;
      await writeAt(join(dir, name), promptLine(written.toISOString(), `conversation-${i}`), written);
    }
    // Leaving out the three oldest conversations changes nothing when their files are the ones not read.
    const oldest = new Set(['conversation-0', 'conversation-1', 'conversation-2']);
    const summary = await loadTelemetry({ dir, since, until, ownThreadIds: oldest });
    expect(summary.read).toMatchObject({
      files: MAX_TELEMETRY_FILES,
      capped: { kept: MAX_TELEMETRY_FILES, total },
    });
    expect(summary.user_prompts).toBe(MAX_TELEMETRY_FILES);
    expect(summary.conversations).toBe(MAX_TELEMETRY_FILES);
    expect(summary.limitations.join(' ')).toContain(
      `only the newest ${MAX_TELEMETRY_FILES} of ${total} collector files`,
    );
  });

  it('passes over files last written before the window began', async () => {
    const dir = tmpDir();
    await writeAt(join(dir, 'old.json'), promptLine('2026-10-01T00:00:00Z', 'old'), new Date('2026-10-02'));
    await writeAt(join(dir, 'new.json'), promptLine('2026-11-20T00:00:00Z', 'new'), new Date('2026-11-20'));
    const summary = await loadTelemetry({ dir, since, until });
    expect(summary.read).toMatchObject({ files: 1, before_window_files: 1 });
    expect(summary.user_prompts).toBe(1);
    expect(summary.limitations).toEqual([]);
  });
});
