import { describe, expect, it } from 'vitest';
import {
  assistant,
  call,
  error,
  makeSession,
  output,
  patch,
  turn,
  user,
} from '../../test/helpers/analytics.js';
import { computeErrorMetrics } from './errors.js';
import { prepareSession } from './prepare.js';
import { collectToolCalls } from './tool-calls.js';

const shell = (id: string, cmd = 'npm test') => call(1, id, 'exec_command', { cmd });

function outcomesOf(entries: Parameters<typeof makeSession>[1], turns = [turn(0, 10)]) {
  const calls = collectToolCalls(prepareSession(makeSession('s1', entries, { turns })));
  return Object.fromEntries(calls.map((c) => [c.call.tool!.call_id, c.outcome]));
}

describe('tool call outcomes', () => {
  it('sorts each failure into one category', () => {
    const outcomes = outcomesOf([
      user(0),
      shell('ok'),
      output(2, 'ok', { exit: 0 }),
      shell('exit3'),
      output(2, 'exit3', { exit: 3 }),
      shell('denied'),
      output(2, 'denied', { content: 'exec command rejected by user' }),
      shell('slow'),
      output(2, 'slow', { exit: 124, content: 'command timed out after 10000 milliseconds' }),
      shell('stopped'),
      output(2, 'stopped', { content: 'aborted by user after 3.1s' }),
      call(3, 'p1', 'apply_patch', '*** Begin Patch'),
      patch(3, 'p1', [{ path: 'a.ts', kind: 'update', added: 1, removed: 1 }], false),
      output(3, 'p1', { exit: 1, content: 'apply_patch verification failed' }),
      call(4, 'bad', 'update_plan', '{"plan":'),
      output(4, 'bad', { content: 'failed to parse function arguments: EOF', status: 'failed' }),
      shell('pending'),
      assistant(5),
    ]);
    expect(outcomes).toEqual({
      ok: 'ok',
      exit3: 'nonzero_exit',
      denied: 'rejected',
      slow: 'timeout',
      stopped: 'aborted',
      p1: 'patch_failed',
      bad: 'tool_error',
      pending: 'no_output',
    });
  });

  it('treats a call left unanswered by an interrupted turn as aborted', () => {
    expect(outcomesOf([user(0), shell('a'), error(2, 'turn_aborted'), user(3), shell('b')])).toEqual({
      a: 'aborted',
      b: 'no_output',
    });
    expect(outcomesOf([user(0), shell('c')], [turn(0, 2, { status: 'aborted' })])).toEqual({ c: 'aborted' });
  });

  it('does not mistake a long log that mentions rejection for a refused call', () => {
    const log = `${'line of test output\n'.repeat(40)}note: request rejected by user settings`;
    expect(outcomesOf([user(0), shell('x'), output(2, 'x', { exit: 0, content: log })])).toEqual({ x: 'ok' });
  });
});

describe('computeErrorMetrics', () => {
  it('counts failures by category, tool and exit-code bucket, with a rate over all calls', () => {
    const entries = [user(0)];
    const exits = [0, 0, 0, 1, 1, 2, 127, 137, 5];
    exits.forEach((exit, i) => {
      entries.push(shell(`c${i}`), output(2, `c${i}`, { exit }));
    });
    const calls = collectToolCalls(prepareSession(makeSession('s1', entries)));
    const metrics = computeErrorMetrics(calls);
    expect(metrics.total).toBe(6);
    expect(metrics.rate).toBeCloseTo(6 / 9, 4);
    expect(metrics.by_category).toEqual([{ name: 'nonzero_exit', count: 6 }]);
    expect(metrics.by_tool).toEqual([{ name: 'exec_command', count: 6 }]);
    expect(metrics.exit_codes).toEqual([
      { name: '1', count: 2 },
      { name: '127', count: 1 },
      { name: '2', count: 1 },
      { name: '3-125', count: 1 },
      { name: 'signal', count: 1 },
    ]);
  });
});
