import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDirEach } from '../../../test/helpers/temp-dir.js';
import { locateRollouts } from './locate.js';

const ID_LIVE = '01a2011f-d1e3-74e0-9ac8-7d18fff8ef82';
const ID_BOTH = '01a20121-3660-77a0-a276-4e609dacecd4';
const ID_TS = '4f5e6d7c-1111-4222-8333-944455566677';

describe('locateRollouts', () => {
  const homeDir = tempDirEach('locate-');
  let home: string;
  beforeEach(() => {
    home = homeDir();
  });
  // Registered after tempDirEach, so it runs before the dir is removed.
  afterEach(async () => {
    await chmod(join(home, 'sessions', 'locked'), 0o755).catch(() => {});
  });

  async function put(rel: string, text = '{}\n'): Promise<string> {
    const path = join(home, rel);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text);
    return path;
  }

  it('finds dated and flat rollouts in both trees, the archived copy winning', async () => {
    const live = await put(`sessions/2026/11/22/rollout-2026-11-22T02-39-52-${ID_LIVE}.jsonl`);
    await put(`sessions/2026/11/22/rollout-2026-11-22T02-41-23-${ID_BOTH}.jsonl`);
    const archived = await put(`archived_sessions/rollout-2026-11-22T02-41-23-${ID_BOTH}.jsonl`, '{}\n{}\n');
    const ts = await put(`sessions/rollout-2025-05-01-${ID_TS}.json`);
    await put('sessions/2026/11/22/notes.txt');
    await put('sessions/2026/11/22/rollout-draft.jsonl.bak');

    const { files, problems } = await locateRollouts(home);
    expect(problems).toEqual([]);
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect([...byPath.keys()].sort()).toEqual([archived, live, ts].sort());
    expect(byPath.get(archived)).toMatchObject({ archived: true, nameId: ID_BOTH, size: 6 });
    expect(byPath.get(live)).toMatchObject({ archived: false, nameId: ID_LIVE });
    expect(byPath.get(ts)?.nameId).toBe(ID_TS);
  });

  it('reports a symlink loop and still finishes the walk', async () => {
    const live = await put(`sessions/2026/11/22/rollout-2026-11-22T02-39-52-${ID_LIVE}.jsonl`);
    await symlink(join(home, 'sessions', '2026'), join(home, 'sessions', '2026', '11', 'back'));
    const { files, problems } = await locateRollouts(home);
    expect(files.map((f) => f.path)).toEqual([live]);
    expect(problems).toEqual([expect.objectContaining({ kind: 'symlink_loop' })]);
  });

  it('reports a dangling link named like a rollout', async () => {
    await mkdir(join(home, 'sessions'), { recursive: true });
    await symlink(join(home, 'gone'), join(home, 'sessions', `rollout-2026-11-22T02-39-52-${ID_LIVE}.jsonl`));
    const { files, problems } = await locateRollouts(home);
    expect(files).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ kind: 'unreadable_file' })]);
  });

  // Permission bits do not stop root, so this case can only be shown as another user.
  it.runIf(process.getuid?.() !== 0)('reports an unreadable dir and keeps walking', async () => {
    const live = await put(`sessions/2026/11/22/rollout-2026-11-22T02-39-52-${ID_LIVE}.jsonl`);
    await put(`sessions/locked/rollout-2026-11-22T02-41-23-${ID_BOTH}.jsonl`);
    await chmod(join(home, 'sessions', 'locked'), 0o000);
    const { files, problems } = await locateRollouts(home);
    expect(files.map((f) => f.path)).toEqual([live]);
    expect(problems).toEqual([expect.objectContaining({ kind: 'unreadable_dir' })]);
  });

  // As root, run the same walk as an unprivileged user, against the built module.
  it.runIf(process.getuid?.() === 0 && existsSync('/usr/bin/setpriv'))(
    'reports an unreadable dir and keeps walking (run as nobody)',
    () => {
      const script = `
        import { mkdirSync, writeFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
        import { join } from 'node:path';
        import { tmpdir } from 'node:os';
        const { locateRollouts } = await import(${JSON.stringify(new URL('../../../dist/sessions/read/locate.js', import.meta.url).href)});
        const home = mkdtempSync(join(tmpdir(), 'locate-nobody-'));
        mkdirSync(join(home, 'sessions', 'day'), { recursive: true });
        mkdirSync(join(home, 'sessions', 'locked'));
        writeFileSync(join(home, 'sessions', 'day', 'rollout-2026-11-22T02-39-52-${ID_LIVE}.jsonl'), '{}\\n');
        writeFileSync(join(home, 'sessions', 'locked', 'rollout-2026-11-22T02-41-23-${ID_BOTH}.jsonl'), '{}\\n');
        chmodSync(join(home, 'sessions', 'locked'), 0o000);
        const result = await locateRollouts(home);
        chmodSync(join(home, 'sessions', 'locked'), 0o755);
        rmSync(home, { recursive: true, force: true });
        console.log(JSON.stringify(result));`;
      const out = execFileSync(
        '/usr/bin/setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          '--input-type=module',
          '-e',
          script,
        ],
        { encoding: 'utf8' },
      );
      const { files, problems } = JSON.parse(out) as Awaited<ReturnType<typeof locateRollouts>>;
      expect(files.map((f) => f.nameId)).toEqual([ID_LIVE]);
      expect(problems).toEqual([
        expect.objectContaining({ kind: 'unreadable_dir', message: expect.stringContaining('EACCES') }),
      ]);
    },
  );

  it('treats a missing codex home as empty', async () => {
    expect(await locateRollouts(join(home, 'nope'))).toEqual({ files: [], problems: [] });
  });
});
