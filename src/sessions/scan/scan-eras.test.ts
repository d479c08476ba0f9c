import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScannedDetail, TranscriptEntry } from '../types.js';
import { readSession, scanRollout } from './scan.js';

/** Hand-made rollouts for the eras the real corpus lacks, faithful to CODEX-FORMAT.md's field tables. */

const DIR = join(import.meta.dirname, '../../../test/fixtures/rollouts/eras');

function fixture(prefix: string): string {
  const name = readdirSync(DIR).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no fixture ${prefix}`);
  return join(DIR, name);
}

/** A line a patch adds (numbered in a file it adds) or removes. */
const added = (text: string, number: number | null = null) => ({
  kind: 'add',
  text,
  old_line: null,
  new_line: number,
});
const removed = (text: string) => ({ kind: 'remove', text, old_line: null, new_line: null });

function typed(detail: ScannedDetail): string[] {
  return detail.messages
    .filter((m) => m.kind === 'message' && m.role === 'user' && !m.inherited)
    .map((m) => m.content);
}

function kinds(detail: ScannedDetail): string[] {
  return detail.messages.map((m) => `${m.kind}:${m.role}`);
}

function tool(detail: ScannedDetail, kind: TranscriptEntry['kind']): TranscriptEntry['tool'][] {
  return detail.messages.filter((m) => m.kind === kind).map((m) => m.tool);
}

describe('era A: TypeScript-era JSON documents', () => {
  it('reads the session and its items, with a hash per item', async () => {
    const path = fixture('rollout-2025-05-10-5b0f');
    const [scan, detail] = await Promise.all([scanRollout(path), readSession(path)]);
    expect(scan.metadata).toMatchObject({
      id: '5b0f3c52-9d1e-4c8a-8f61-3e2b7a9c4d10',
      era: 'A',
      started_at: '2025-05-10T09:15:02.000Z',
      title: 'List the files in this folder',
      user_messages: 1,
      tool_calls: 1,
      model: 'unknown',
    });
    expect(kinds(detail)).toEqual([
      'message:user',
      'tool_call:assistant',
      'tool_output:tool',
      'message:assistant',
    ]);
    expect(tool(detail, 'tool_output')).toEqual([
      { call_id: 'call_a1', name: 'shell', exit_code: 0, duration_ms: 250 },
    ]);
    expect(scan.item_hashes).toHaveLength(4);
  });

  it('gives an earlier snapshot of the same conversation a prefix of the hashes', async () => {
    const full = await scanRollout(fixture('rollout-2025-05-10-5b0f'));
    const prefix = await scanRollout(fixture('rollout-2025-05-10-0c8e'));
    expect(prefix.item_hashes).toEqual(full.item_hashes?.slice(0, 2));
  });
});

describe('eras B: bare JSONL', () => {
  it('B0: a {id,timestamp} first line, bare items, a local_shell_call paired with its output', async () => {
    const detail = await readSession(fixture('b0-'));
    expect(detail.metadata).toMatchObject({
      era: 'B0',
      id: '8a1c2e3f-4b5d-4c6e-8f70-1a2b3c4d5e6f',
      user_messages: 1,
    });
    expect(typed(detail)).toEqual(['Show the date']);
    expect(detail.messages[0]?.kind).toBe('context');
    const [call] = detail.messages.filter((m) => m.kind === 'tool_call');
    expect(call).toMatchObject({ content: 'date +%F', tool: { name: 'local_shell', call_id: 'call_b0_1' } });
    expect(tool(detail, 'tool_output')).toEqual([
      { call_id: 'call_b0_1', name: 'local_shell', exit_code: 0, duration_ms: 50 },
    ]);
  });

  it('B1: state lines ignored, two objects on one physical line both read', async () => {
    const detail = await readSession(fixture('b1-'));
    expect(detail.metadata.era).toBe('B1');
    expect(detail.metadata.parse_issues.counts).toEqual({});
    expect(typed(detail)).toEqual(['Count the lines of README.md', 'And the first line?']);
    expect(detail.metadata.assistant_messages).toBe(2);
    expect(detail.metadata.turns).toBe(2);
  });

  it('B2: git in the first line, reasoning, a failing command and apply_patch through shell argv', async () => {
    const detail = await readSession(fixture('b2-'));
    expect(detail.metadata).toMatchObject({
      era: 'B2',
      repo_hint: 'widgets',
      git: { branch: 'main', commit_hash: 'abc1234def5678abc1234def5678abc1234def56' },
      tool_calls: 2,
      tool_errors: 1,
      user_messages: 1,
    });
    expect(detail.messages.find((m) => m.kind === 'reasoning')?.content).toBe('Run the test suite first.');
    expect(tool(detail, 'tool_output')[0]).toMatchObject({ exit_code: 1, duration_ms: 2500 });
    const patch = detail.messages.find((m) => m.kind === 'patch');
    expect(patch?.patch).toEqual({
      files: [
        {
          path: 'notes.txt',
          kind: 'add',
          added: 2,
          removed: 0,
          hunks: [{ header: '@@ -0,0 +1,2 @@', lines: [added('first', 1), added('second', 2)] }],
        },
        {
          path: 'README.md',
          kind: 'update',
          added: 1,
          removed: 1,
          hunks: [{ header: '@@', lines: [removed('# demo'), added('# demo repo')] }],
        },
      ],
      success: true,
    });
  });
});

describe('eras C: envelopes', () => {
  it('C1: no turn_context, a null token_count info, the exchange shown once', async () => {
    const detail = await readSession(fixture('c1-'));
    expect(detail.metadata).toMatchObject({
      era: 'C1',
      cli_version: '0.34.0',
      model: 'unknown',
      user_messages: 1,
    });
    expect(kinds(detail)).toEqual(['context:user', 'message:user', 'message:assistant']);
    expect(detail.metadata.tokens.total).toBe(1240);
  });

  it('C3: duplicated token_count events do not inflate tokens; compactions and custom apply_patch', async () => {
    const path = fixture('c3-');
    const [scan, detail] = await Promise.all([scanRollout(path), readSession(path)]);
    expect(scan.metadata.tokens).toEqual({
      input: 16200,
      cached_input: 9000,
      output: 220,
      reasoning: 35,
      total: 16420,
    });
    expect(scan.metadata).toMatchObject({
      era: 'C3',
      source: 'cli',
      model_provider: 'openai',
      model: 'gpt-5.1-codex',
      compactions: 2,
      tool_calls: 2,
    });
    expect(tool(detail, 'tool_output')).toEqual([
      { call_id: 'call_c3_1', name: 'shell', exit_code: 0, duration_ms: 100 },
      { call_id: 'call_c3_2', name: 'apply_patch', exit_code: 0, duration_ms: 0 },
    ]);
    expect(detail.messages.find((m) => m.kind === 'patch')?.patch).toEqual({
      files: [
        {
          path: 'app.py',
          kind: 'update',
          added: 1,
          removed: 1,
          hunks: [{ header: '@@', lines: [removed("print('hi')"), added("print('hello')")] }],
        },
      ],
      success: true,
    });
    expect(detail.messages.filter((m) => m.kind === 'compaction').map((m) => m.content)).toEqual([
      'Summary: the greeting in app.py was fixed.',
      'Context compacted.',
    ]);
  });

  it('C4: developer and AGENTS.md context, exec_command exit codes, failed and aborted turns', async () => {
    const detail = await readSession(fixture('c4-'));
    expect(detail.metadata).toMatchObject({
      era: 'C4',
      user_messages: 3,
      turns: 3,
      failed_turns: 1,
      tool_errors: 1,
      models: ['gpt-5.2-codex', 'gpt-5.2'],
      model: 'gpt-5.2',
    });
    expect(typed(detail)).toEqual(['Run the build', 'Try again', 'Stop, do nothing']);
    expect(detail.messages.filter((m) => m.kind === 'context').map((m) => m.role)).toEqual([
      'developer',
      'user',
      'user',
    ]);
    expect(tool(detail, 'tool_output')).toEqual([
      { call_id: 'call_c4_1', name: 'exec_command', exit_code: 2, duration_ms: 2050 },
    ]);
    expect(detail.messages.filter((m) => m.kind === 'error').map((m) => m.error_kind)).toEqual([
      'model_error',
      'turn_failed',
      'turn_aborted',
    ]);
    expect(detail.turns.map((t) => t.status)).toEqual(['completed', 'failed', 'aborted']);
    expect(detail.messages.filter((m) => m.kind === 'reasoning')).toHaveLength(1);
  });

  it('C5: patch_apply_end, a heredoc apply_patch with delete and move, epoch start times, TTFT', async () => {
    const detail = await readSession(fixture('c5-'));
    expect(detail.metadata.era).toBe('C5');
    expect(detail.messages.find((m) => m.kind === 'patch')?.patch).toEqual({
      files: [
        { path: 'old.txt', kind: 'delete', added: 0, removed: 0, hunks: [] },
        {
          path: 'src/a.ts',
          kind: 'move',
          move_to: 'src/b.ts',
          added: 1,
          removed: 1,
          hunks: [{ header: '@@', lines: [removed('export const a = 1;'), added('export const b = 1;')] }],
        },
      ],
      success: true,
    });
    expect(detail.turns).toEqual([
      {
        turn_id: '019c2222-4000-7000-8000-000000000001',
        line: 1,
        started_at: '2026-05-01T12:00:00.000Z',
        completed_at: '2026-05-01T12:00:02.020Z',
        duration_ms: 1900,
        time_to_first_token_ms: 420,
        status: 'completed',
        model: 'gpt-5.4',
      },
    ]);
    expect(detail.messages.find((m) => m.kind === 'error')).toMatchObject({ error_kind: 'stream_error' });
    const calls = detail.messages.filter((m) => m.kind === 'tool_call');
    expect(calls.map((m) => [m.tool?.name, m.content])).toEqual([
      ['web_search', 'apply_patch move file syntax'],
      ['shell_command', expect.stringContaining("apply_patch <<'EOF'")],
    ]);
    expect(detail.metadata.tool_calls).toBe(2);
  });

  it('a fork that copies its parent: copied entries marked inherited and never counted', async () => {
    const path = fixture('fork-rollout-');
    const [scan, detail] = await Promise.all([scanRollout(path), readSession(path)]);
    expect(scan.metadata).toMatchObject({
      id: '019d0000-9000-7000-8000-00000000bbbb',
      forked_from_id: '019d0000-1000-7000-8000-00000000aaaa',
      title: 'Fork question',
      user_messages: 1,
      assistant_messages: 1,
      tool_calls: 0,
      tool_errors: 0,
      turns: 1,
    });
    expect(scan.metadata.tokens).toEqual({
      input: 1400,
      cached_input: 900,
      output: 30,
      reasoning: 10,
      total: 1430,
    });
    const inherited = detail.messages.filter((m) => m.inherited).map((m) => m.content);
    expect(inherited).toContain('Parent question');
    expect(inherited).toContain('Parent answer');
    expect(detail.messages.filter((m) => !m.inherited).map((m) => m.content)).toEqual([
      'Fork question',
      'Fork answer',
    ]);
    expect(detail.turns.map((t) => Boolean(t.inherited))).toEqual([true, false]);
    expect(scan.docs.map((d) => d.text)).toEqual(['Fork question', 'Fork answer']);
  });

  it('a fork from a release without turn ids: the copy ends where the burst of copied lines ends', async () => {
    const path = fixture('forkc2-');
    const [scan, detail] = await Promise.all([scanRollout(path), readSession(path)]);
    expect(scan.metadata).toMatchObject({
      id: '0199aaaa-2222-7333-8444-555566667777',
      forked_from_id: '0199aaaa-1111-7222-8333-444455556666',
      title: 'Fork prompt',
      user_messages: 1,
      assistant_messages: 1,
      turns: 1,
      era: 'C2',
    });
    expect(scan.metadata.tokens.total).toBe(3500);
    expect(detail.messages.filter((m) => m.inherited && m.kind === 'message').map((m) => m.content)).toEqual([
      'Parent prompt one',
      'Parent answer one',
      'Parent prompt two',
      'Parent answer two',
    ]);
    expect(typed(detail)).toEqual(['Fork prompt']);
  });
});
