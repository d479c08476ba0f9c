import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { readThreadNames } from './thread-names.js';

const ID_A = '01a2011f-d1e3-74e0-9ac8-7d18fff8ef82';
const ID_B = '01a20121-3660-77a0-a276-4e609dacecd4';

describe('readThreadNames', () => {
  const home = tempDirEach('thread-names-');

  it('uses the last name per id and ignores blank names and bad lines', async () => {
    const lines = [
      { id: ID_A, thread_name: 'first try', updated_at: '2026-11-22T02:00:00Z' },
      { id: ID_B, thread_name: 'Fix the flaky test', updated_at: '2026-11-22T02:01:00Z' },
      { id: ID_A, thread_name: 'Release checklist', updated_at: '2026-11-22T02:02:00Z' },
      { id: ID_B, thread_name: '   ', updated_at: '2026-11-22T02:03:00Z' },
    ].map((line) => JSON.stringify(line));
    await writeFile(join(home(), 'session_index.jsonl'), `${lines.join('\n')}\n\nnot json\n`);
    const { names, malformed } = await readThreadNames(home());
    expect(Object.fromEntries(names)).toEqual({ [ID_A]: 'Release checklist', [ID_B]: 'Fix the flaky test' });
    expect(malformed).toBe(1);
  });

  it('reads Windows line ends, and counts a line too long to be a name record', async () => {
    const name = { id: ID_A, thread_name: 'Release checklist' };
    const huge = { id: ID_B, thread_name: 'x'.repeat(100_000) };
    await writeFile(
      join(home(), 'session_index.jsonl'),
      `${JSON.stringify(name)}\r\n${JSON.stringify(huge)}\r\n`,
    );
    const { names, malformed } = await readThreadNames(home());
    expect(Object.fromEntries(names)).toEqual({ [ID_A]: 'Release checklist' });
    expect(malformed).toBe(1);
  });

  it('returns no names when Codex never wrote the index', async () => {
    expect((await readThreadNames(home())).names.size).toBe(0);
  });
});
