import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLongRollout } from '../../../test/helpers/long-rollout.js';
import { dedupeKey } from '../normalize/normalize-text.js';
import { markOwnTurns } from '../own-turns-mark.js';
import { readSession } from '../scan/scan.js';
import type { TranscriptEntry } from '../types.js';
import { openTranscript, readEntries, type Transcript } from './transcript.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
const ROLLOUT_DIRS = [
  'codex-sessions/0.40.0/sessions',
  'codex-sessions/0.169.0/sessions',
  'rollouts/eras',
  'rollouts/hostile',
  'rollouts/continuation',
  'codex-homes/shapes/sessions',
  'redaction/codex-home/sessions',
];

async function listRollouts(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of ROLLOUT_DIRS) {
    for (const entry of await readdir(join(FIXTURES, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.jsonl?$/.test(entry.name)) found.push(join(entry.parentPath, entry.name));
    }
  }
  return found.sort();
}

async function collect(transcript: Pick<Transcript, 'entries'>, from?: number, to?: number) {
  const batches: TranscriptEntry[][] = [];
  for await (const batch of transcript.entries(from, to)) batches.push(batch);
  return { batches, entries: batches.flat() };
}

describe('a transcript read in parts', () => {
  let rollouts: string[];
  let dir: string;
  beforeAll(async () => {
    rollouts = await listRollouts();
    dir = await mkdtemp(join(tmpdir(), 'codex-retro-transcript-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is the transcript read whole, for every era and hostile input, from every checkpoint', async () => {
    expect(rollouts.length).toBeGreaterThan(60);
    for (const path of rollouts) {
      const whole = await readSession(path);
      // A checkpoint after every line: each entry is read again from the line before it.
      const transcript = await openTranscript(path, { checkpointBytes: 1 });
      expect(transcript.metadata, path).toEqual(whole.metadata);
      expect(transcript.turns, path).toEqual(whole.turns);
      expect(transcript.total, path).toBe(whole.messages.length);
      expect((await collect(transcript)).entries, path).toEqual(whole.messages);
      for (let from = 0; from < whole.messages.length; from++) {
        const page = await readEntries(transcript, from, from + 3);
        expect(page, `${path} [${from}, ${from + 3})`).toEqual(whole.messages.slice(from, from + 3));
      }
    }
  });

  it('pages a long session as slices of the whole, what only its end decides included', async () => {
    const home = join(dir, 'long');
    const long = writeLongRollout(home, { turns: 120, outputBytes: 2000 });
    const whole = await readSession(long.path);
    // The injected notice is context only because its event never came, which the last line tells.
    expect(whole.messages.find((m) => m.content === 'A notice Codex injected')?.kind).toBe('context');
    expect(whole.messages.some((m) => m.kind === 'patch' && m.patch?.success === false)).toBe(true);
    const transcript = await openTranscript(long.path, { checkpointBytes: 64 * 1024 });
    expect(transcript.total).toBe(whole.messages.length);
    const total = whole.messages.length;
    for (const [from, to] of [
      [0, 1],
      [0, 500],
      [1, 37],
      [Math.floor(total / 3), Math.floor(total / 3) + 400],
      [Math.floor(total / 2), Math.floor(total / 2) + 1],
      [total - 500, total],
      [total - 1, total + 10],
      [total, total + 5],
    ] as const) {
      expect(await readEntries(transcript, from, to), `[${from}, ${to})`).toEqual(
        whole.messages.slice(from, to),
      );
    }
  });

  it('comes in batches of a slice of the rollout each, the first before the file is read through', async () => {
    const long = writeLongRollout(join(dir, 'batches'), { turns: 200, outputBytes: 4000 });
    expect(long.bytes).toBeGreaterThan(5 * 1024 * 1024);
    const transcript = await openTranscript(long.path);
    const { batches } = await collect(transcript);
    // About a megabyte of rollout a batch: never the whole transcript at once.
    expect(batches.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThan(transcript.total / 3);
    // A reader that stops after the first batch stops the reading.
    const entries = transcript.entries();
    const first = await entries.next();
    expect(first.done).toBe(false);
    await entries.return(undefined);
  });

  it("marks codex-retro's turns in a resumed session as a whole read marks them, from any checkpoint", async () => {
    const long = writeLongRollout(join(dir, 'resumed'), { turns: 30 });
    const records = [7, 8, 21].map((turn) => ({
      session_id: long.id,
      job_id: `job-20261120T080000000Z-0a1b2c${turn}`,
      kind: 'insights',
      prompt_key: dedupeKey('user', 'message', `Turn ${turn}: make step ${turn} of the long task`),
      sent_at: '2026-11-20T08:00:00.000Z',
    }));
    const whole = await readSession(long.path);
    markOwnTurns(whole, records);
    expect(whole.metadata.codex_retro_turns).toBe(3);
    const transcript = await openTranscript(long.path, { checkpointBytes: 2048, ownTurns: records });
    expect(transcript.metadata).toEqual(whole.metadata);
    expect(transcript.turns).toEqual(whole.turns);
    expect((await collect(transcript)).entries).toEqual(whole.messages);
    for (let from = 0; from < whole.messages.length; from += 7) {
      expect(await readEntries(transcript, from, from + 7)).toEqual(whole.messages.slice(from, from + 7));
    }
  });

  it('ends where it was opened: lines written after that wait for the next opening', async () => {
    const long = writeLongRollout(join(dir, 'growing'), { turns: 20 });
    const transcript = await openTranscript(long.path, { checkpointBytes: 4096 });
    const answer = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Later.' }] };
    await appendFile(
      long.path,
      `${JSON.stringify({ timestamp: '2026-11-21T00:00:00.000Z', type: 'response_item', payload: answer })}\n`,
    );
    const { entries } = await collect(transcript);
    expect(entries).toHaveLength(transcript.total);
    expect(entries.some((e) => e.content === 'Later.')).toBe(false);
    const reopened = await openTranscript(long.path);
    expect(reopened.total).toBe(transcript.total + 1);
  });

  it('refuses to read a rollout rewritten since it was opened, rather than show other entries', async () => {
    const long = writeLongRollout(join(dir, 'rewritten'), { turns: 20 });
    const transcript = await openTranscript(long.path, { checkpointBytes: 4096 });
    writeLongRollout(join(dir, 'rewritten'), { turns: 20, outputBytes: 100 });
    await expect(readEntries(transcript, 10, 20)).rejects.toMatchObject({ code: 'session_changed' });
    await writeFile(long.path, '');
    await expect(readEntries(transcript, 0, 1)).rejects.toMatchObject({ code: 'session_changed' });
  });
});
