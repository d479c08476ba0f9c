import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStoreHome, type StoreHome } from '../../test/helpers/store-home.js';
import { createJobRegistry } from '../jobs/index.js';
import { readOwnTurns, recordOwnTurn } from './own-turns.js';
import { openSessionStore } from './store.js';

/** A real 0.169 session of three typed turns; its third prompt plays the part of codex-retro's. */
const MULTI = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
const THIRD = '[[scn:multi]] Third turn of the multi-turn session.';
/** The third turn's prompt was written at 02:39:51.931; codex-retro sent it just before. */
const SENT = '2026-11-22T02:39:51.900Z';

describe("codex-retro's turns in a session it resumed", () => {
  let home: StoreHome;

  beforeEach(async () => {
    home = await makeStoreHome(['0.169.0']);
  });
  afterEach(async () => {
    await home.cleanup();
  });

  const open = () =>
    openSessionStore({ codexHome: home.codexHome, cacheDir: home.cacheDir, stateDir: home.stateDir });

  it('are marked in the transcript and counted neither as typed messages nor as turns', async () => {
    const store = open();
    const before = await store.get(MULTI);
    await recordOwnTurn(home.stateDir, {
      session_id: MULTI,
      job_id: 'job-20261122T023951000Z-0a1b2c3d',
      kind: 'insights',
      prompt: THIRD,
      sent_at: SENT,
    });
    const detail = (await store.get(MULTI))!;
    expect(before?.metadata).toMatchObject({ user_messages: 3, turns: 3, codex_retro_turns: 0 });
    expect(detail.metadata).toMatchObject({ user_messages: 2, turns: 2, codex_retro_turns: 1 });
    const run = { job_id: 'job-20261122T023951000Z-0a1b2c3d', kind: 'insights' };
    const prompt = detail.messages.find((m) => m.content === THIRD);
    expect(prompt).toMatchObject({ kind: 'context', role: 'user', author: 'codex-retro', codex_retro: run });
    const rest = detail.messages.slice(detail.messages.indexOf(prompt!) + 1);
    expect(rest.map((m) => m.content)).toEqual(['Turn answer (multi-turn scenario).']);
    expect(rest.every((m) => m.codex_retro?.job_id === run.job_id)).toBe(true);
    expect(detail.turns.map((t) => Boolean(t.codex_retro))).toEqual([false, false, true]);
    // The person's own turns before it are untouched.
    expect(detail.messages.filter((m) => m.kind === 'message' && m.role === 'user')).toHaveLength(2);
    const { sessions } = await store.list();
    expect(sessions.find((s) => s.id === MULTI)?.user_messages).toBe(2);
    store.close();
  });

  it('needs the prompt and the time to match: the same words typed a day earlier stay the person’s', async () => {
    const store = open();
    await recordOwnTurn(home.stateDir, {
      session_id: MULTI,
      job_id: 'job-20261123T023951000Z-0a1b2c3d',
      kind: 'insights',
      prompt: THIRD,
      sent_at: '2026-11-23T02:39:51.900Z',
    });
    await recordOwnTurn(home.stateDir, {
      session_id: MULTI,
      job_id: 'job-20261122T023951000Z-0a1b2c3e',
      kind: 'insights',
      prompt: 'A prompt Codex never recorded',
      sent_at: SENT,
    });
    const detail = (await store.get(MULTI))!;
    expect(detail.metadata).toMatchObject({ user_messages: 3, codex_retro_turns: 0 });
    store.close();
  });

  it('reads past malformed records and says how many there were', async () => {
    await mkdir(home.stateDir, { recursive: true });
    await writeFile(join(home.stateDir, 'own-turns.jsonl'), '{"session_id":"nope"}\n{torn\n');
    await recordOwnTurn(home.stateDir, {
      session_id: MULTI,
      job_id: 'job-20261122T023951000Z-0a1b2c3d',
      kind: 'proposals',
      prompt: THIRD,
      sent_at: SENT,
    });
    const read = readOwnTurns(home.stateDir);
    expect(read.malformed).toBe(2);
    expect(read.turns.get(MULTI)).toHaveLength(1);
    expect(JSON.stringify(read.turns.get(MULTI))).not.toContain('Third turn');
    const store = open();
    const { issues } = await store.list();
    expect(issues.some((i) => i.path.endsWith('own-turns.jsonl') && i.counts.malformed_line === 2)).toBe(
      true,
    );
    store.close();
  });

  it('records a resume of the job’s own session only, and backfills runs made before it recorded them', async () => {
    const runsDir = join(home.root, 'runs');
    await mkdir(runsDir, { recursive: true });
    const legacy = {
      job_id: 'job-20261122T023951000Z-00000001',
      kind: 'insights',
      status: 'succeeded',
      session_id: MULTI,
      mode: 'resume',
      prompts: [THIRD],
      model: null,
      sandbox: 'read-only',
      approval: null,
      config: {},
      command: null,
      codex_thread_id: MULTI,
      created_at: SENT,
      started_at: SENT,
      finished_at: '2026-11-22T02:39:53.000Z',
      exit_status: 0,
      error: null,
      result: null,
    };
    await writeFile(join(runsDir, `${legacy.job_id}.json`), JSON.stringify(legacy));
    const jobs = createJobRegistry({ runsDir, stateDir: home.stateDir });
    expect(
      readOwnTurns(home.stateDir)
        .turns.get(MULTI)
        ?.map((t) => t.job_id),
    ).toEqual([legacy.job_id]);
    // Created again (a restart): nothing is recorded twice.
    createJobRegistry({ runsDir, stateDir: home.stateDir });
    expect(readOwnTurns(home.stateDir).turns.get(MULTI)).toHaveLength(1);

    const job = jobs.submit({
      kind: 'insights',
      session_id: MULTI,
      mode: 'resume',
      prompts: ['p'],
      run: async (ctx) => {
        await ctx.notePrompt({ mode: 'fork', sessionId: MULTI, prompt: 'forked, not resumed' });
        await ctx.notePrompt({
          mode: 'resume',
          sessionId: '01a2011f-d1e3-74e0-9ac8-7d18fff8ef82',
          prompt: 'x',
        });
        await ctx.notePrompt({ mode: 'resume', sessionId: MULTI, prompt: 'the resumed prompt' });
        return {};
      },
    });
    await jobs.wait(job.job_id);
    const turns = readOwnTurns(home.stateDir).turns;
    expect(turns.get(MULTI)?.map((t) => t.job_id)).toEqual([legacy.job_id, job.job_id]);
    expect(turns.has('01a2011f-d1e3-74e0-9ac8-7d18fff8ef82')).toBe(false);
    expect(await readFile(join(home.stateDir, 'own-turns.jsonl'), 'utf8')).not.toContain('resumed prompt');
  });
});
