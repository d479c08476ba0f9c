import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { readForkParents, readOwnThreads, recordOwnThread } from './own-threads.js';

const ID_A = '01a2011f-d1e3-74e0-9ac8-7d18fff8ef82';
const ID_B = '01a20121-3660-77a0-a276-4e609dacecd4';

describe('own threads', () => {
  const dir = tempDirEach('own-threads-');

  it('names the person’s session as the parent of a fork of its redacted copy, and no other', async () => {
    const stateDir = dir();
    const COPY = '01a2011f-0000-4000-8000-00000000c0b1';
    const none = readForkParents(join(stateDir, 'missing'));
    expect([none(COPY), none(null)]).toEqual([COPY, null]);
    await recordOwnThread(stateDir, COPY, { kind: 'redacted_copy', session_id: ID_A });
    // Another kind of record, a copy record without its session, and a torn line name nothing.
    await recordOwnThread(stateDir, ID_B, { kind: 'insights', session_id: ID_A });
    await appendFile(
      join(stateDir, 'own-threads.jsonl'),
      '{"kind":"redacted_copy","thread_id":"x"}\n{"kind":"redacted_copy",\n',
    );
    const parentOf = readForkParents(stateDir);
    expect([parentOf(COPY), parentOf(ID_B), parentOf('x'), parentOf(null)]).toEqual([ID_A, ID_B, 'x', null]);
  });

  it('reads nothing before anything was recorded', async () => {
    const own = await readOwnThreads(join(dir(), 'missing'));
    expect(own.threads.size).toBe(0);
  });

  it('remembers every thread codex-retro started, creating the state dir', async () => {
    const stateDir = join(dir(), 'state', 'codex-retro');
    await recordOwnThread(stateDir, ID_A, { job_id: 'job-1', kind: 'insights' });
    await recordOwnThread(stateDir, ID_B, { job_id: 'job-2', kind: 'proposal' });
    await recordOwnThread(stateDir, ID_A, { job_id: 'job-3', kind: 'proposal' });
    const own = await readOwnThreads(stateDir);
    expect([...own.threads.keys()].sort()).toEqual([ID_A, ID_B]);
    expect(own.threads.get(ID_A)).toMatchObject({ job_id: 'job-3', kind: 'proposal', thread_id: ID_A });
  });

  it('counts a torn line instead of failing', async () => {
    await recordOwnThread(dir(), ID_A, { job_id: 'job-1' });
    await appendFile(join(dir(), 'own-threads.jsonl'), '{"thread_id":"01a2');
    const own = await readOwnThreads(dir());
    expect(own.threads.has(ID_A)).toBe(true);
    expect(own.malformed).toBe(1);
  });

  it('refuses an id that is not a session id', async () => {
    await expect(recordOwnThread(dir(), '../../etc', {})).rejects.toMatchObject({ code: 'invalid_id' });
  });
});
