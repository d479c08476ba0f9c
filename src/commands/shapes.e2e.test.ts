import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as runInProcess, usageDirOf } from '../../test/helpers/report/report-cli.js';
import { runCli } from '../../test/helpers/store-home.js';
import { createApp } from '../server/app.js';
import type { SessionDetail, SessionSummary } from '../sessions/types.js';
import { openWorkspace } from '../workflows/workspace.js';

/**
 * The shapes of current Codex releases (subagents, failed, interrupted and waiting turns) and the counts of
 * issue 14 (injected text, tokens of resumed sessions), end to end over the hand-made fixture home: the built
 * CLI's `sessions list` and `sessions show`, the HTTP API, and the report's evidence.
 */
const SHAPES = fileURLToPath(new URL('../../test/fixtures/codex-homes/shapes/sessions', import.meta.url));
const TOKEN = 'shapes-token-0123456789abcdef';
const HOST = '127.0.0.1:5998';

const P169 = '01a25a00-0100-7000-8000-0000000000b1';
const SUBAGENTS = [
  '019c5a00-1100-7000-8000-0000000000a2',
  '019c5a00-1300-7000-8000-0000000000a3',
  '01a25a00-0300-7000-8000-0000000000b2',
  '01a25a00-0301-7000-8000-0000000000b4',
  '01a25a00-0400-7000-8000-0000000000b3',
  '01a25a00-0500-7000-8000-0000000000b5',
];
const TURNS169 = '01a27700-0169-7000-8000-0000000000c1';
const WARNINGS100 = '019b7c00-0100-7000-8000-000000000003';
const RESUMED34 = '5a1c0002-0034-4a00-8000-000000000011';

type Row = SessionSummary & { snippet?: string };

describe('subagents, turn friction and faithful counts through the CLI, the API and the report', () => {
  let root: string;
  let env: NodeJS.ProcessEnv;
  let codexHome: string;

  const listJson = async (...args: string[]): Promise<Row[]> => {
    const run = await runCli(['sessions', 'list', '--json', ...args], env);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Row[];
  };
  const byId = (rows: Row[], id: string) => rows.find((row) => row.id === id);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'codex-retro-shapes-'));
    codexHome = join(root, 'codex-home');
    await cp(SHAPES, join(codexHome, 'sessions'), { recursive: true });
    env = {
      ...process.env,
      CODEX_HOME: codexHome,
      CODEX_RETRO_CACHE_DIR: join(root, 'cache'),
      CODEX_RETRO_STATE_DIR: join(root, 'state'),
      TZ: 'UTC',
    };
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('sessions list: subagents hidden, their parents say how many and what they used', async () => {
    const rows = await listJson();
    expect(rows).toHaveLength(13);
    for (const id of SUBAGENTS) expect(byId(rows, id)).toBeUndefined();
    for (const row of rows) expect(row.parent_thread_id).toBeNull();
    expect(byId(rows, P169)?.subagents).toEqual({
      count: 2,
      descendants: 3,
      tokens: { input: 13000, cached_input: 5000, output: 105, reasoning: 20, total: 13105 },
    });
    expect(byId(rows, '019c5a00-0130-7000-8000-0000000000a1')?.subagents).toMatchObject({
      count: 2,
      descendants: 2,
      tokens: { total: 4550 },
    });
    expect(byId(rows, TURNS169)).toMatchObject({
      user_messages: 4,
      failed_turns: 1,
      aborted_turns: 1,
      approval_turns: 2,
    });
    expect(byId(rows, WARNINGS100)?.user_messages).toBe(1);
    expect(byId(rows, RESUMED34)?.tokens.total).toBe(29170);

    const all = await listJson('--include-subagents');
    expect(all).toHaveLength(19);
    expect(byId(all, '01a25a00-0400-7000-8000-0000000000b3')).toMatchObject({
      parent_thread_id: '01a25a00-0300-7000-8000-0000000000b2',
      subagent: { kind: 'thread_spawn', depth: 2 },
      user_messages: 0,
    });
    expect(byId(all, '01a25a00-0500-7000-8000-0000000000b5')).toMatchObject({
      parent_thread_id: null,
      subagent: { kind: 'review' },
    });
    for (const id of SUBAGENTS) expect(byId(all, id)?.user_messages).toBe(0);

    // No total counts a token twice: every session's own tokens, or the person's sessions with their
    // subagents beside them (the review subagent has no parent to sit under).
    const sum = (list: { total: number }[]) => list.reduce((n, t) => n + t.total, 0);
    const everything = sum(all.map((row) => row.tokens));
    const roots = all.filter((row) => !row.parent_thread_id);
    expect(sum(roots.map((row) => row.tokens)) + sum(roots.map((row) => row.subagents.tokens))).toBe(
      everything,
    );

    const table = await runCli(['sessions', 'list'], env);
    expect(table.stdout).toMatch(/\[\+2 subagents\] Find flaky tests/);
    const withAgents = await runCli(['sessions', 'list', '--include-subagents'], env);
    expect(withAgents.stdout).toMatch(/\[subagent of 0000000000b2\]/);
  });

  it('sessions show: the parent lists its subagents; the transcript says which turns failed, stopped or waited', async () => {
    const parent = await runCli(['sessions', 'show', P169, '--json'], env);
    const detail = JSON.parse(parent.stdout) as SessionDetail;
    expect(detail.metadata.subagents.sessions.map((s) => [s.id, s.depth, s.nickname])).toEqual([
      ['01a25a00-0300-7000-8000-0000000000b2', 1, 'Curie'],
      ['01a25a00-0400-7000-8000-0000000000b3', 2, 'Meitner'],
      ['01a25a00-0301-7000-8000-0000000000b4', 1, 'Noether'],
    ]);
    const text = (await runCli(['sessions', 'show', P169], env)).stdout;
    expect(text).toContain('subagents 2 spawned (3 in all), 13105 tokens');
    expect(text).toMatch(/01a25a00-0400-7000-8000-0000000000b3 {2}Meitner: Rerun test\/net\.test\.ts/);

    const child = JSON.parse((await runCli(['sessions', 'show', '0000000000b2', '--json'], env)).stdout);
    expect(child.messages[0]).toMatchObject({
      kind: 'context',
      author: 'parent_agent',
      content: 'Run the unit tests five times and report failures',
    });
    const childText = (await runCli(['sessions', 'show', '0000000000b2'], env)).stdout;
    expect(childText).toContain(`spawned by ${P169}`);
    expect(childText).toContain('parent agent:');

    const turns = (await runCli(['sessions', 'show', TURNS169], env)).stdout;
    expect(turns).toContain('4 turns: 1 failed turn, 1 interrupted turn, 2 turns waiting for you');
    expect(turns).toContain('waited for you: asked you a question');
    expect(turns).toContain('waited for you: asked to run outside the sandbox');
    expect(turns).toMatch(/ERROR \(turn_failed\): stream disconnected/);
    expect(turns).toMatch(/ERROR \(turn_aborted\)/);

    const warned = JSON.parse((await runCli(['sessions', 'show', WARNINGS100, '--json'], env)).stdout);
    const typed = warned.messages.filter(
      (m: { kind: string; role: string }) => m.kind === 'message' && m.role === 'user',
    );
    expect(typed.map((m: { content: string }) => m.content)).toEqual([
      'Set a to 2 in app.ts, twice if needed',
    ]);
  });

  it('the API lists subagents only when asked and shows them under their parent', async () => {
    // The server as `serve --no-repo` wires it: browsing needs no repository.
    const workspace = await openWorkspace({ repo: false, cwd: root, env, codexHome });
    const app = createApp({
      token: TOKEN,
      allowedHosts: () => [HOST],
      webRoot: null,
      sessions: workspace.sessions,
      jobs: workspace.jobs,
      workflows: workspace.orchestrator,
      status: async () => ({}),
    });
    const get = async (path: string) =>
      (
        await app.request(`http://${HOST}${path}`, {
          headers: { host: HOST, authorization: `Bearer ${TOKEN}` },
        })
      ).json();
    try {
      const ids = (page: { items: Row[] }) => page.items.map((row) => row.id);
      expect(ids(await get('/codex/sessions?limit=1000'))).not.toContain(SUBAGENTS[2]);
      const all = ((await get('/codex/sessions?limit=1000&include_subagents=true')) as { items: Row[] })
        .items;
      expect(byId(all, SUBAGENTS[2] as string)?.parent_thread_id).toBe(P169);
      const detail = await get(`/codex/sessions/${P169}`);
      expect(detail.metadata.subagents).toMatchObject({ count: 2, descendants: 3 });
      const turns = await get(`/codex/sessions/${TURNS169}`);
      expect(turns.turns.map((t: { status: string }) => t.status)).toEqual([
        'completed',
        'completed',
        'failed',
        'aborted',
      ]);
      expect(turns.messages.filter((m: { approval_wait?: string }) => m.approval_wait)).toHaveLength(3);
    } finally {
      workspace.close();
    }
  });

  it("the report: subagents are not sessions but their tokens count once; friction reaches the writer's evidence", async () => {
    const run = await runInProcess(
      [
        'report',
        '--since',
        '2025-09-01',
        '--until',
        '2026-11-30',
        '--prepare-only',
        '--no-open',
        '--user-name',
        'Sam',
      ],
      env,
      root,
    );
    expect(run.code, run.stderr).toBe(0);
    const evidence = JSON.parse(await readFile(join(usageDirOf(codexHome), 'insight-evidence.json'), 'utf8'));
    expect(evidence.coverage).toMatchObject({ sessions_found: 13, sessions_analyzed: 13 });
    expect(evidence.metrics.sessions.total).toBe(13);
    const ids = evidence.sessions.map((s: { id: string }) => s.id);
    for (const id of SUBAGENTS) expect(ids).not.toContain(id);
    const all = await listJson('--include-subagents');
    const everything = all.reduce((n, row) => n + row.tokens.total, 0);
    expect(evidence.metrics.tokens.total).toBe(everything);
    expect(evidence.metrics.tokens.subagents).toMatchObject({
      sessions: 6,
      total: 3030 + 1520 + 4050 + 7030 + 2025 + 5040,
    });
    expect(evidence.metrics.subagents).toMatchObject({ sessions: 6, parents: 2, without_parent: 1 });
    expect(evidence.metrics.events).toMatchObject({ approval_turns: 4 });
    expect(evidence.metrics.timing.turns).toMatchObject({ failed: 1, aborted: 2 });
    const digest = (id: string) => evidence.sessions.find((s: { id: string }) => s.id === id);
    expect(digest(P169).subagents).toEqual({ count: 2, tokens_total: 13105 });
    expect(digest(TURNS169)).toMatchObject({ failed_turns: 1, aborted_turns: 1, approval_turns: 2 });
    expect(digest(WARNINGS100).prompts).toEqual(['Set a to 2 in app.ts, twice if needed']);
    const prompt = await readFile(join(usageDirOf(codexHome), 'INSIGHT_PROMPT.md'), 'utf8');
    expect(prompt).not.toContain('Warning: apply_patch was requested');
  });
});
