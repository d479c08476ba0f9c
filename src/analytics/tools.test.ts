import { describe, expect, it } from 'vitest';
import { call, inherited, makeSession, output, user } from '../../test/helpers/analytics.js';
import { prepareSession } from './prepare.js';
import { computeShellMetrics } from './shell.js';
import { collectToolCalls } from './tool-calls.js';
import { computeToolMetrics } from './tools.js';

const sessions = [
  makeSession('a', [
    inherited(call(0, 'old', 'exec_command', { cmd: 'make' })),
    user(0),
    call(1, 'c1', 'exec_command', { cmd: 'cd app && git status | rg modified' }),
    output(1, 'c1', { exit: 0, duration_ms: 120 }),
    call(2, 'c2', 'exec_command', { cmd: 'FOO=1 npm test' }),
    output(2, 'c2', { exit: 1, duration_ms: 3000 }),
    call(3, 'c3', 'update_plan', { plan: [] }),
    output(3, 'c3'),
  ]),
  makeSession('b', [
    user(0),
    call(1, 'd1', 'shell', { command: ['bash', '-lc', 'git diff && npm run lint'] }),
    output(1, 'd1', { exit: 2, duration_ms: 500 }),
    call(2, 'd2', 'shell_command', '{"command":"git sta'),
    output(2, 'd2', { exit: 0 }),
  ]),
].map(prepareSession);
const calls = sessions.flatMap(collectToolCalls);

describe('computeToolMetrics', () => {
  it('counts own calls by tool with errors, sessions and recorded time', () => {
    expect(computeToolMetrics(calls)).toEqual({
      calls: 5,
      by_tool: [
        { name: 'exec_command', calls: 2, errors: 1, sessions: 1, duration_ms: 3120 },
        { name: 'shell', calls: 1, errors: 1, sessions: 1, duration_ms: 500 },
        { name: 'shell_command', calls: 1, errors: 0, sessions: 1, duration_ms: 0 },
        { name: 'update_plan', calls: 1, errors: 0, sessions: 1, duration_ms: 0 },
      ],
    });
  });
});

describe('computeShellMetrics', () => {
  it('counts each program of every shell call and the failed commands they were in', () => {
    expect(computeShellMetrics(calls)).toEqual({
      commands: 4,
      unparsed: 1,
      programs: [
        { name: 'git', count: 2, in_failed_commands: 1, sessions: 2 },
        { name: 'npm', count: 2, in_failed_commands: 2, sessions: 2 },
        { name: 'rg', count: 1, in_failed_commands: 0, sessions: 1 },
      ],
    });
  });
});
