import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priced } from '../../../test/helpers/cost.js';
import { type EffectRolloutKind, placeRollout } from '../../../test/helpers/effect-rollouts.js';
import { readSession } from '../../sessions/scan/scan.js';
import { measureSessionSignals } from './session-signals.js';

/** The hand-made rollouts the end-to-end tests count on, read by the real parser: their figures are exact. */
describe('the effect fixtures', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'effect-fixtures-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it.each<[EffectRolloutKind, Record<string, unknown>]>([
    [
      'struggling',
      {
        commands: 6,
        failed_commands: 2,
        retried_commands: 2,
        tool_calls: 6,
        tool_errors: 2,
        turns: 2,
        tokens: 12_000,
        corrections_by_kind: { interrupted: 0, declined: 0, said: 1 },
      },
    ],
    [
      'interrupted',
      {
        commands: 3,
        failed_commands: 2,
        retried_commands: 1,
        tool_calls: 3,
        tool_errors: 2,
        turns: 2,
        tokens: 8_000,
        corrections_by_kind: { interrupted: 1, declined: 0, said: 0 },
      },
    ],
    [
      'smooth',
      {
        commands: 5,
        failed_commands: 1,
        retried_commands: 1,
        tool_calls: 5,
        tool_errors: 1,
        turns: 2,
        tokens: 6_000,
        corrections_by_kind: { interrupted: 0, declined: 0, said: 0 },
      },
    ],
  ])('%s', async (kind, expected) => {
    const { path } = await placeRollout(home, kind, {
      cwd: '/work/app',
      startedAt: new Date('2026-03-01T10:00:00Z'),
    });
    const detail = priced(await readSession(path));
    expect(detail.metadata.started_at).toBe('2026-03-01T10:00:00.000Z');
    expect(detail.metadata.cwd).toBe('/work/app');
    expect(measureSessionSignals(detail)).toMatchObject(expected);
  });

  it('subagent: a subagent of a session in the repository', async () => {
    const { path } = await placeRollout(home, 'subagent', {
      cwd: '/work/app',
      startedAt: new Date('2026-03-01T11:00:00Z'),
      parent: '01b00000-0000-7000-8000-000000000001',
    });
    const detail = priced(await readSession(path));
    expect(detail.metadata.subagent).not.toBeNull();
    expect(detail.metadata.parent_thread_id).toBe('01b00000-0000-7000-8000-000000000001');
  });
});
