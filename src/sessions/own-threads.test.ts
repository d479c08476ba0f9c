import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { readOwnThreads, recordOwnThread } from './own-threads.js';

const ID_A = '01a2011f-d1e3-74e0-9ac8-7d18fff8ef82';
const ID_B = '01a20121-3660-77a0-a276-4e609dacecd4';

describe('own threads', () => {
  const dir = tempDirEach('own-threads-');

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
