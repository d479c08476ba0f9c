import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Places the hand-made rollouts of `test/fixtures/effect/rollouts/` (see its README) in a Codex home as
 * sessions of a given repository at given times: their session id, working directory and parent are filled
 * in, and every timestamp moves by the same amount, so a session keeps its shape and its figures.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/effect/rollouts/', import.meta.url));
/** The time the fixtures are written at; a placed session starts at `startedAt` instead. */
const BASE = Date.parse('2026-01-01T00:00:00.000Z');

export type EffectRolloutKind = 'struggling' | 'interrupted' | 'smooth' | 'subagent';

const FILES: Record<EffectRolloutKind, string> = {
  struggling: 'struggling-0.130.jsonl',
  interrupted: 'interrupted-0.130.jsonl',
  smooth: 'smooth-0.169.jsonl',
  subagent: 'subagent-0.130.jsonl',
};

let next = 0;

/** A fresh session id, time-ordered like Codex's UUIDv7 ids. */
function nextSessionId(): string {
  next++;
  return `01b00000-0000-7000-8000-${String(next).padStart(12, '0')}`;
}

function shift(iso: unknown, by: number): unknown {
  return typeof iso === 'string' && !Number.isNaN(Date.parse(iso))
    ? new Date(Date.parse(iso) + by).toISOString()
    : iso;
}

export async function placeRollout(
  codexHome: string,
  kind: EffectRolloutKind,
  options: { cwd: string; startedAt: Date; id?: string; parent?: string },
): Promise<{ id: string; path: string }> {
  const id = options.id ?? nextSessionId();
  const by = options.startedAt.getTime() - BASE;
  const text = await readFile(join(FIXTURES, FILES[kind]), 'utf8');
  const lines = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const filled = line
        .replaceAll('__SESSION__', id)
        .replaceAll('__PARENT__', options.parent ?? '')
        .replaceAll('"__CWD__"', JSON.stringify(options.cwd));
      const record = JSON.parse(filled) as { timestamp?: unknown; payload?: { timestamp?: unknown } };
      record.timestamp = shift(record.timestamp, by);
      if (record.payload && 'timestamp' in record.payload)
        record.payload.timestamp = shift(record.payload.timestamp, by);
      return JSON.stringify(record);
    });
  const iso = options.startedAt.toISOString();
  const [y, m, d] = iso.slice(0, 10).split('-') as [string, string, string];
  const path = join(
    codexHome,
    'sessions',
    y,
    m,
    d,
    `rollout-${iso.slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`,
  );
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${lines.join('\n')}\n`);
  return { id, path };
}
