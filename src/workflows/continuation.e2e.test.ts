import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome } from '../../test/helpers/codex-home.js';
import { type ModelServer, startModelServer } from '../../test/helpers/model-server.js';
import { runCodex } from '../codex/index.js';
import { RetroError } from '../errors.js';
import { openSessionStore } from '../sessions/store.js';
import { readContinuation } from './continuation.js';

/**
 * The continuation rule against the pinned codex CLI itself: for rollouts of every era, real and hand-made,
 * hostile ones, archived ones, `codex exec fork` and `codex exec resume` succeed exactly where the rule says
 * they do, and where they fail, the error names the session as the cause.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures');
const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl?$/;

interface Case {
  name: string;
  source: string;
  /** Where the file goes in the Codex home (the folder); its name becomes `rollout-…-<id>.json[l]`. */
  folder: string;
}

async function listCases(): Promise<Case[]> {
  const cases: Case[] = [];
  const add = async (dir: string, folder: (file: string) => string) => {
    for (const file of (await readdir(dir)).filter((f) => /\.jsonl?$/.test(f)).sort()) {
      cases.push({ name: `${basename(dir)}/${file}`, source: join(dir, file), folder: folder(file) });
    }
  };
  const dated = (file: string) => {
    const date = /rollout-(\d{4})-(\d{2})-(\d{2})/.exec(file);
    return date ? `sessions/${date[1]}/${date[2]}/${date[3]}` : 'sessions/2026/01/05';
  };
  await add(join(FIXTURES, 'rollouts/eras'), dated);
  await add(join(FIXTURES, 'rollouts/continuation'), dated);
  await add(join(FIXTURES, 'rollouts/hostile'), () => 'sessions/2026/01/05');
  const real169 = join(
    FIXTURES,
    'codex-sessions/0.169.0/sessions/2026/11/22/rollout-2026-11-22T02-39-49-01a2011f-c751-7ec2-ad85-a4ab74c224db.jsonl',
  );
  const real040 = join(
    FIXTURES,
    'codex-sessions/0.40.0/sessions/2026/11/22/rollout-2026-11-22T02-40-01-01a2011f-f6ef-7d21-9085-8531c1d24637.jsonl',
  );
  cases.push(
    { name: 'real 0.169', source: real169, folder: 'sessions/2026/11/22' },
    { name: 'real 0.40', source: real040, folder: 'sessions/2026/11/22' },
    { name: 'real 0.169, archived', source: real169, folder: 'archived_sessions' },
    { name: 'real 0.40, archived in a dated tree', source: real040, folder: 'archived_sessions/2026/11/22' },
  );
  return cases;
}

/** The session id a file holds: in its name, else (hostile files) in its first line. */
async function sessionIdOf(path: string): Promise<string> {
  const named = UUID.exec(basename(path))?.[1];
  if (named) return named;
  const first = (await readFile(path, 'utf8')).split('\n', 1)[0] ?? '';
  const id = UUID.exec(`${/"id":"([^"]+)"/.exec(first)?.[1]}.jsonl`)?.[1];
  if (!id) throw new Error(`no session id in ${path}`);
  return id;
}

describe('which sessions the pinned codex can fork and resume', () => {
  let model: ModelServer;
  let scratch: string;

  beforeAll(async () => {
    model = await startModelServer(() => ({ kind: 'message', text: 'ok' }));
    scratch = await mkdtemp(join(tmpdir(), 'continuation-e2e-'));
  });

  afterAll(async () => {
    await model?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('agrees with the rule on every case, and explains every refusal by the session', async () => {
    const cases = await listCases();
    expect(cases.length).toBeGreaterThan(20);
    const verdicts: string[] = [];
    for (const [index, item] of cases.entries()) {
      const home = await makeCodexHome({ modelServerUrl: model.url });
      try {
        const id = await sessionIdOf(item.source);
        const stamp =
          /rollout-([\dT-]+?)-[0-9a-f]{8}-/.exec(basename(item.source))?.[1] ?? '2026-01-05T10-00-00';
        const extension = item.source.endsWith('.json') ? 'json' : 'jsonl';
        const target = join(home.dir, item.folder, `rollout-${stamp}-${id}.${extension}`);
        await mkdir(join(target, '..'), { recursive: true });
        await copyFile(item.source, target);

        const store = openSessionStore({
          codexHome: home.dir,
          cacheDir: join(scratch, `cache-${index}`),
          stateDir: join(scratch, `state-${index}`),
          workers: 0,
        });
        const detail = await store.get(id).finally(() => store.close());
        expect(detail, item.name).not.toBeNull();
        const rule = await readContinuation(home.dir, detail!.metadata);

        const before = await readFile(target);
        const actual: Record<'fork' | 'resume', boolean> = { fork: false, resume: false };
        for (const mode of ['fork', 'resume'] as const) {
          const outcome = await runCodex({
            mode,
            sessionId: id,
            prompt: 'Say ok.',
            cwd: scratch,
            codexHome: home.dir,
            codexBin: home.codexBin,
            env: home.env,
            skipGitRepoCheck: true,
            timeoutMs: 60_000,
          }).then(
            (result) => ({ result }),
            (error: unknown) => ({ error }),
          );
          actual[mode] = 'result' in outcome;
          if ('error' in outcome) {
            // Refused by Codex: the error says the session is why (or that Codex cannot find it), never the install.
            expect(outcome.error, item.name).toBeInstanceOf(RetroError);
            const error = outcome.error as RetroError;
            expect(
              ['codex_cannot_continue', 'codex_session_not_found'],
              `${item.name} ${mode}: ${error.message}`,
            ).toContain(error.code);
          } else if (mode === 'fork') {
            expect(outcome.result.threadId).not.toBe(id);
            expect(await readFile(target), `${item.name}: a fork leaves the original as it was`).toEqual(
              before,
            );
          } else {
            expect(outcome.result.threadId).toBe(id);
          }
        }
        verdicts.push(`${item.name}: fork ${actual.fork}, resume ${actual.resume}`);
        expect({ fork: rule.fork, resume: rule.resume }, `${item.name}: ${rule.reason}`).toEqual(actual);
      } finally {
        await home.cleanup();
      }
    }
    // Every kind of verdict is among the cases: the rule is checked on both sides of each line it draws.
    expect(verdicts.some((v) => v.endsWith('fork true, resume true'))).toBe(true);
    expect(verdicts.some((v) => v.endsWith('fork true, resume false'))).toBe(true);
    expect(verdicts.some((v) => v.endsWith('fork false, resume false'))).toBe(true);
  }, 600_000);
});
