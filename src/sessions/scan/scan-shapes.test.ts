import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScannedDetail } from '../types.js';
import { readSession, type ScanResult, scanRollout } from './scan.js';

/**
 * Hand-made rollouts, each in the format of the release that writes the shape (test/fixtures/codex-homes/
 * shapes/README.md): injected user-role text, tokens across resumes, subagents, turn lifecycle, approval waits.
 */

const HOME = join(import.meta.dirname, '../../../test/fixtures/codex-homes/shapes/sessions');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const ALL = files(HOME);

function fixture(id: string): string {
  const path = ALL.find((file) => file.endsWith(`${id}.jsonl`));
  if (!path) throw new Error(`no fixture ${id}`);
  return path;
}

async function both(id: string): Promise<[ScanResult, ScannedDetail]> {
  const path = fixture(id);
  return Promise.all([scanRollout(path), readSession(path)]);
}

/** The scan in slices of a few hundred bytes (checkpoints between them) ends where one pass ends. */
async function scanInSlices(path: string): Promise<ScanResult> {
  let result = await scanRollout(path, { maxBytes: 300 });
  for (let guard = 0; guard < 1000 && result.checkpoint.offset < statSync(path).size; guard++) {
    result = await scanRollout(path, { from: result.checkpoint, maxBytes: 300 });
  }
  return result;
}

function typed(detail: ScannedDetail): string[] {
  return detail.messages.filter((m) => m.kind === 'message' && m.role === 'user').map((m) => m.content);
}

function injected(detail: ScannedDetail): string[] {
  return detail.messages.filter((m) => m.kind === 'context' && m.role === 'user').map((m) => m.content);
}

describe('user-role text Codex injected is context, in every era that logs typed messages as events', () => {
  const cases = [
    { era: '0.34', id: '5a1c0001-0034-4a00-8000-000000000001', typed: ['Count the lines of main.py'] },
    { era: '0.60', id: '019a7c00-0060-7000-8000-000000000002', typed: ['Say which Python runs here'] },
    {
      era: '0.100',
      id: '019b7c00-0100-7000-8000-000000000003',
      typed: ['Set a to 2 in app.ts, twice if needed'],
    },
    {
      era: '0.130',
      id: '019c7c00-0130-7000-8000-000000000004',
      typed: ['Bump a in app.ts', 'Warning: this one I typed myself'],
    },
    { era: '0.169', id: '01a27c00-0169-7000-8000-000000000005', typed: ['List the TODOs in src'] },
  ];
  for (const c of cases) {
    it(`${c.era}: only what has its event counts as typed`, async () => {
      const [scan, detail] = await both(c.id);
      expect(typed(detail)).toEqual(c.typed);
      expect(detail.metadata.user_messages).toBe(c.typed.length);
      expect(scan.metadata.user_messages).toBe(c.typed.length);
      expect((await scanInSlices(fixture(c.id))).metadata.user_messages).toBe(c.typed.length);
      expect(detail.metadata.title).toBe(c.typed[0]);
      expect(detail.turns.length).toBe(detail.metadata.turns);
    });
  }

  it('0.100: the apply_patch warnings are context, shown where Codex wrote them', async () => {
    const [, detail] = await both('019b7c00-0100-7000-8000-000000000003');
    const warnings = injected(detail).filter((text) => text.startsWith('Warning: apply_patch'));
    expect(warnings).toHaveLength(2);
    expect(detail.metadata.turns).toBe(1);
  });

  it('0.169: a notice without its item_completed is context even without provenance metadata', async () => {
    const [, detail] = await both('01a27c00-0169-7000-8000-000000000005');
    expect(injected(detail)).toContain('The listing above is complete; no more TODOs exist.');
    expect(injected(detail).some((text) => text.startsWith('Warning: Your account was flagged'))).toBe(true);
  });

  it('0.34: a plain-text notice with no event is context, not a second prompt', async () => {
    const [, detail] = await both('5a1c0001-0034-4a00-8000-000000000001');
    expect(injected(detail)).toContain(
      'The shell tool output was truncated to the first 256 lines; ask for less output.',
    );
    expect(detail.metadata.turns).toBe(1);
  });
});

describe('tokens: each request once, across every resume boundary', () => {
  it("0.34: the issue's resumed session (7184 → 7245 → 14584 → 7402) counts 29,170", async () => {
    const [scan, detail] = await both('5a1c0002-0034-4a00-8000-000000000011');
    expect(scan.metadata.tokens).toEqual({
      input: 28820,
      cached_input: 0,
      output: 350,
      reasoning: 0,
      total: 29170,
    });
    expect(detail.metadata.tokens).toEqual(scan.metadata.tokens);
    expect((await scanInSlices(fixture('5a1c0002-0034-4a00-8000-000000000011'))).metadata.tokens.total).toBe(
      29170,
    );
    expect(detail.metadata.user_messages).toBe(3);
  });

  it('0.60: token_count written twice per request and a restarted counter', async () => {
    const [scan] = await both('019a7c00-0060-7000-8000-000000000012');
    expect(scan.metadata.tokens).toEqual({
      input: 16100,
      cached_input: 6000,
      output: 210,
      reasoning: 35,
      total: 16310,
    });
  });

  it('0.100: a resumed process that repeats its restored total adds nothing for it', async () => {
    const [scan] = await both('019b7c00-0100-7000-8000-000000000013');
    expect(scan.metadata.tokens).toEqual({
      input: 8200,
      cached_input: 5000,
      output: 100,
      reasoning: 15,
      total: 8300,
    });
  });
});

describe('subagents', () => {
  it('0.130: source.subagent.thread_spawn names the parent and the depth; instructions are not typed', async () => {
    const [scan, detail] = await both('019c5a00-1100-7000-8000-0000000000a2');
    expect(scan.metadata).toMatchObject({
      parent_thread_id: '019c5a00-0130-7000-8000-0000000000a1',
      subagent: { kind: 'thread_spawn', depth: 1, nickname: 'Lovelace', role: 'explorer' },
      user_messages: 0,
      title: 'List unused exports under src/',
      tool_calls: 1,
      tool_errors: 1,
    });
    expect(detail.messages.filter((m) => m.author === 'parent_agent').map((m) => m.content)).toEqual([
      'List unused exports under src/',
    ]);
    expect(typed(detail)).toEqual([]);
  });

  it('the older shape: parent_thread_id at the top of the payload', async () => {
    const [scan] = await both('019c5a00-1300-7000-8000-0000000000a3');
    expect(scan.metadata).toMatchObject({
      parent_thread_id: '019c5a00-0130-7000-8000-0000000000a1',
      subagent: { kind: 'thread_spawn', depth: null, nickname: 'Hopper', role: null },
      user_messages: 0,
    });
  });

  it('0.169: thread_source subagent at depth 1 and 2; the parent is a person session', async () => {
    const [parent] = await both('01a25a00-0100-7000-8000-0000000000b1');
    expect(parent.metadata).toMatchObject({ parent_thread_id: null, subagent: null, user_messages: 1 });
    const [child] = await both('01a25a00-0300-7000-8000-0000000000b2');
    expect(child.metadata).toMatchObject({
      parent_thread_id: '01a25a00-0100-7000-8000-0000000000b1',
      subagent: { kind: 'thread_spawn', depth: 1, nickname: 'Curie', role: 'worker' },
      user_messages: 0,
    });
    const [grandchild] = await both('01a25a00-0400-7000-8000-0000000000b3');
    expect(grandchild.metadata).toMatchObject({
      parent_thread_id: '01a25a00-0300-7000-8000-0000000000b2',
      subagent: { depth: 2 },
      tokens: { total: 2025 },
    });
  });

  it('0.169: a subagent that replays its parent: the copy is inherited, its tokens are not counted', async () => {
    const [scan, detail] = await both('01a25a00-0301-7000-8000-0000000000b4');
    expect(scan.metadata).toMatchObject({
      parent_thread_id: '01a25a00-0100-7000-8000-0000000000b1',
      forked_from_id: '01a25a00-0100-7000-8000-0000000000b1',
      user_messages: 0,
      turns: 1,
      title: 'Read the CI logs for flaky markers',
    });
    expect(scan.metadata.tokens.total).toBe(7030);
    const inherited = detail.messages.filter((m) => m.inherited);
    expect(inherited.map((m) => m.content)).toEqual(['Find flaky tests, in parallel']);
    expect(inherited[0]).toMatchObject({ kind: 'message', role: 'user' });
  });

  it('0.169: a review subagent has no parent recorded but is still a subagent', async () => {
    const [scan] = await both('01a25a00-0500-7000-8000-0000000000b5');
    expect(scan.metadata).toMatchObject({
      parent_thread_id: null,
      subagent: { kind: 'review', depth: null },
      user_messages: 0,
    });
  });
});

describe('turn lifecycle and approval waits', () => {
  it('0.169: completed, failed and interrupted turns; turns that waited for the person', async () => {
    const [scan, detail] = await both('01a27700-0169-7000-8000-0000000000c1');
    expect(scan.metadata).toMatchObject({
      user_messages: 4,
      turns: 4,
      failed_turns: 1,
      aborted_turns: 1,
      approval_turns: 2,
    });
    expect(detail.turns.map((t) => [t.status, t.approval_waits ?? 0])).toEqual([
      ['completed', 1],
      ['completed', 2],
      ['failed', 0],
      ['aborted', 0],
    ]);
    expect(
      detail.messages.filter((m) => m.approval_wait).map((m) => [m.tool?.name, m.approval_wait]),
    ).toEqual([
      ['request_user_input', 'user_input'],
      ['request_permissions', 'permissions'],
      ['exec_command', 'escalation'],
    ]);
    expect(detail.messages.filter((m) => m.kind === 'error').map((m) => m.error_kind)).toEqual([
      'turn_failed',
      'turn_aborted',
    ]);
  });

  it('0.130: an escalated command and an interruption', async () => {
    const [scan, detail] = await both('019c7700-0130-7000-8000-0000000000c2');
    expect(scan.metadata).toMatchObject({ turns: 2, failed_turns: 0, aborted_turns: 1, approval_turns: 1 });
    expect(detail.turns.map((t) => t.status)).toEqual(['completed', 'aborted']);
  });

  it("0.130 fork: ancestors' session_meta lines and replayed turns are inherited, never counted", async () => {
    const [scan, detail] = await both('019c7800-0130-7000-8000-0000000000c3');
    expect(scan.metadata).toMatchObject({
      id: '019c7800-0130-7000-8000-0000000000c3',
      forked_from_id: '019c7700-0130-7000-8000-0000000000c2',
      parent_thread_id: null,
      user_messages: 1,
      turns: 1,
      failed_turns: 0,
      aborted_turns: 0,
      approval_turns: 1,
      title: 'Rebuild only the docs',
    });
    expect(scan.metadata.tokens.total).toBe(5030);
    expect(detail.turns.map((t) => [t.status, Boolean(t.inherited)])).toEqual([
      ['completed', true],
      ['aborted', true],
      ['completed', false],
    ]);
    expect(typed(detail)).toEqual(['Clear the build cache', 'Rebuild everything', 'Rebuild only the docs']);
    expect(
      detail.messages.filter((m) => !m.inherited && m.kind === 'message' && m.role === 'user'),
    ).toHaveLength(1);
  });
});
