import { describe, expect, it } from 'vitest';
import {
  assistant,
  at,
  call,
  inherited,
  makeSession,
  output,
  turn,
  user,
} from '../../test/helpers/analytics.js';
import { isRetroError } from '../errors.js';
import { computeMetrics } from './index.js';

const window = {
  now: new Date(at(24 * 60)),
  timeZone: 'UTC',
  since: new Date(at(-7 * 24 * 60)),
  until: new Date(at(24 * 60)),
};

const parent = makeSession(
  'p',
  [
    user(0, 'fix the build'),
    call(1, 'c1', 'exec_command', { cmd: 'npm run build' }),
    output(2, 'c1', { exit: 1 }),
    assistant(3),
  ],
  { turns: [turn(0, 3)] },
);
const fork = makeSession(
  'f',
  [
    inherited(user(0, 'fix the build')),
    inherited(call(1, 'c1', 'exec_command', { cmd: 'npm run build' })),
    inherited(output(2, 'c1', { exit: 1 })),
    inherited(assistant(3)),
    user(10, 'now try another way'),
    call(11, 'c2', 'exec_command', { cmd: 'pnpm build' }),
    output(12, 'c2', { exit: 0 }),
    assistant(13),
  ],
  { meta: { forked_from_id: 'p' }, turns: [{ ...turn(0, 3), inherited: true }, turn(10, 13)] },
);

describe('computeMetrics', () => {
  it('never counts what a fork copied from its parent', () => {
    const metrics = computeMetrics([parent, fork], window);
    expect(metrics.sessions).toMatchObject({ total: 2, user_messages: 2, assistant_messages: 2, turns: 2 });
    expect(metrics.tools.calls).toBe(2);
    expect(metrics.errors.total).toBe(1);
    expect(metrics.shell.programs.map((p) => [p.name, p.count])).toEqual([
      ['npm', 1],
      ['pnpm', 1],
    ]);
    expect(metrics.events.forks).toBe(1);
    expect(metrics.coverage.inherited_entries).toBe(4);
    // The fork's own span starts at its own first entry, so the two sessions do not overlap.
    expect(metrics.parallel.peak_concurrency).toBe(1);
  });

  it('counts subagents under their parent, not as sessions, and their tokens once in the totals', () => {
    const tokens = (total: number) => ({
      input: total - 10,
      cached_input: 0,
      output: 10,
      reasoning: 0,
      total,
    });
    const withTokens = makeSession('p', parent.messages, {
      meta: { tokens: tokens(1000) },
      turns: parent.turns,
    });
    const agent = makeSession(
      'a',
      [
        { ...user(1, 'list the failing tests'), kind: 'context', author: 'parent_agent' },
        call(2, 'c3', 'exec_command', { cmd: 'npm test' }),
        output(3, 'c3', { exit: 1 }),
        assistant(4),
      ],
      {
        meta: {
          parent_thread_id: 'p',
          subagent: { kind: 'thread_spawn', depth: 1, nickname: 'Curie', role: 'worker' },
          model: 'gpt-5.5-mini',
          models: ['gpt-5.5-mini'],
          tokens: tokens(300),
        },
        turns: [turn(1, 4, { status: 'failed' })],
      },
    );
    const orphan = makeSession('r', [assistant(20)], {
      meta: { subagent: { kind: 'review', depth: null, nickname: null, role: null }, tokens: tokens(50) },
    });
    const metrics = computeMetrics([withTokens, agent, orphan], window);
    expect(metrics.sessions).toMatchObject({ total: 1, user_messages: 1, turns: 1 });
    expect(metrics.coverage.sessions_analyzed).toBe(1);
    expect(metrics.tools.calls).toBe(1);
    expect(metrics.tokens).toMatchObject({ total: 1350, sessions_with_usage: 1 });
    expect(metrics.tokens.subagents).toMatchObject({ total: 350, sessions: 2 });
    expect(metrics.tokens.by_model.map((m) => [m.name, m.total])).toEqual([
      ['gpt-5.5', 1050],
      ['gpt-5.5-mini', 300],
    ]);
    expect(metrics.subagents).toEqual({
      sessions: 2,
      parents: 1,
      without_parent: 1,
      tool_calls: 1,
      failed_turns: 1,
      aborted_turns: 0,
      by_kind: [
        { name: 'review', count: 1 },
        { name: 'thread_spawn', count: 1 },
      ],
    });
  });

  it('says which sessions were left out and why', () => {
    const copy = { ...parent, metadata: { ...parent.metadata, path: '/codex/archived_sessions/p.jsonl' } };
    const old = makeSession('old', [{ ...user(0), ts: '2025-01-01T00:00:00.000Z' }]);
    const metrics = computeMetrics([parent, copy, old], {
      ...window,
      excluded: [{ id: 'bad', path: '/codex/sessions/bad.jsonl', reason: 'unreadable: permission denied' }],
      found: 5,
    });
    expect(metrics.coverage).toMatchObject({ sessions_found: 5, sessions_analyzed: 1 });
    expect(metrics.coverage.excluded).toEqual([
      { id: 'bad', path: '/codex/sessions/bad.jsonl', reason: 'unreadable: permission denied' },
      {
        id: 'p',
        path: '/codex/archived_sessions/p.jsonl',
        reason: 'duplicate of /codex/sessions/rollout-p.jsonl',
      },
      {
        id: 'old',
        path: '/codex/sessions/rollout-old.jsonl',
        reason: 'no activity inside the report window',
      },
    ]);
  });

  it('gives the same plain JSON whatever the input order', () => {
    const other = makeSession(
      'o',
      [user(5), call(6, 'x', 'shell', { command: ['rg', 'x'] }), output(6, 'x'), assistant(7)],
      {
        meta: { originator: 'codex_exec', cwd: '/work/other' },
      },
    );
    const a = computeMetrics([parent, fork, other], window);
    const b = computeMetrics([other, fork, parent], window);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.window).toEqual({
      since: window.since.toISOString(),
      until: window.until.toISOString(),
      time_zone: 'UTC',
      generated_at: window.now.toISOString(),
    });
  });

  it('rejects a window that ends before it starts', () => {
    try {
      computeMetrics([], { ...window, since: window.until, until: window.since });
      expect.unreachable();
    } catch (error) {
      expect(isRetroError(error) && error.code).toBe('invalid_window');
    }
  });

  it('returns empty, well-formed metrics for no sessions', () => {
    const metrics = computeMetrics([], window);
    expect(metrics.sessions.total).toBe(0);
    expect(metrics.errors.rate).toBe(0);
    expect(metrics.sessions.duration.mean_ms).toBeNull();
    expect(metrics.calendar.by_hour).toHaveLength(24);
  });
});
