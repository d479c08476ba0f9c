import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  assistant,
  call,
  error,
  inherited,
  makeSession,
  output,
  turn,
  user,
} from '../../../test/helpers/analytics.js';
import { priced } from '../../../test/helpers/cost.js';
import { readSession } from '../../sessions/scan/scan.js';
import { measureSessionSignals } from './session-signals.js';

const shell = (minutes: number, id: string, cmd: string) => call(minutes, id, 'exec_command', { cmd });
const argv = (minutes: number, id: string, script: string) =>
  call(minutes, id, 'shell', { command: ['bash', '-lc', script] });

describe('measureSessionSignals', () => {
  it('counts failed commands, and a verbatim retry of one that failed since the person last wrote', () => {
    const signals = measureSessionSignals(
      makeSession('s1', [
        user(0, 'run the tests'),
        shell(1, 'a', 'npm test'),
        output(1, 'a', { exit: 1 }),
        shell(2, 'b', 'npm  test'),
        output(2, 'b', { exit: 1 }),
        shell(3, 'c', 'npm test'),
        output(3, 'c', { exit: 0 }),
        shell(4, 'd', 'ls'),
        output(4, 'd', { exit: 0 }),
        user(5, 'now lint'),
        // After the person wrote, the same command is a new attempt, not a retry.
        shell(6, 'e', 'npm test'),
        output(6, 'e', { exit: 124, content: 'command timed out after 1000 ms' }),
        assistant(7),
      ]),
    );
    expect(signals).toMatchObject({
      commands: 5,
      failed_commands: 3,
      retried_commands: 2,
      tool_calls: 5,
      tool_errors: 3,
      turns: 2,
      corrections: 0,
    });
  });

  it('reads the script a bash -lc argv runs, so both spellings of a command are one command', () => {
    const signals = measureSessionSignals(
      makeSession('s2', [
        user(0),
        argv(1, 'a', 'make build'),
        output(1, 'a', { exit: 2 }),
        shell(2, 'b', 'make build'),
        output(2, 'b', { exit: 0 }),
      ]),
    );
    expect(signals.retried_commands).toBe(1);
  });

  it('counts an interruption once with the message typed after it, a refusal, and a "no"', () => {
    const signals = measureSessionSignals(
      makeSession(
        's3',
        [
          user(0, 'clean up the build'),
          shell(1, 'a', 'rm -rf build'),
          error(2, 'turn_aborted'),
          user(3, 'No, keep the build folder'),
          shell(4, 'b', 'git push --force'),
          output(4, 'b', { content: 'exec command rejected by user' }),
          user(5, "that's wrong, push to a branch"),
          user(6, 'thanks, looks good'),
        ],
        {
          turns: [turn(0, 2, { status: 'aborted' }), turn(3, 4), turn(5, 5), turn(6, 6)],
        },
      ),
    );
    expect(signals.corrections_by_kind).toEqual({ interrupted: 1, declined: 1, said: 1 });
    expect(signals.corrections).toBe(3);
    expect(signals.turns).toBe(4);
    // The interrupted command never ran to a failure.
    expect(signals.failed_commands).toBe(0);
  });

  it('leaves out what a fork copied from its parent', () => {
    const signals = measureSessionSignals(
      makeSession('s4', [
        inherited(user(0, 'no')),
        inherited(shell(1, 'a', 'npm test')),
        inherited(output(1, 'a', { exit: 1 })),
        user(2, 'go on'),
        shell(3, 'b', 'npm test'),
        output(3, 'b', { exit: 0 }),
      ]),
    );
    expect(signals).toMatchObject({
      commands: 1,
      failed_commands: 0,
      retried_commands: 0,
      corrections: 0,
      turns: 1,
    });
  });

  it('measures real rollouts of other releases: a 0.40 shell call answered in JSON, an interrupted 0.130 turn', async () => {
    const fixtures = fileURLToPath(new URL('../../../test/fixtures', import.meta.url));
    const failed040 = priced(
      await readSession(
        join(
          fixtures,
          'codex-sessions/0.40.0/sessions/2026/11/22/rollout-2026-11-22T02-40-04-01a20120-0096-7202-9326-55c1bf74a73a.jsonl',
        ),
      ),
    );
    expect(measureSessionSignals(failed040)).toMatchObject({ commands: 1, failed_commands: 1, turns: 1 });
    const interrupted130 = priced(
      await readSession(
        join(
          fixtures,
          'codex-homes/shapes/sessions/2026/05/04/rollout-2026-05-04T09-00-00-019c7700-0130-7000-8000-0000000000c2.jsonl',
        ),
      ),
    );
    expect(measureSessionSignals(interrupted130)).toMatchObject({
      commands: 2,
      corrections_by_kind: { interrupted: 1, declined: 0, said: 0 },
    });
  });
});
