import { describe, expect, it } from 'vitest';
import type { ValidationResult } from './meta.js';
import { describeReviewState } from './status.js';

const validation = (ok: boolean, stale = false): ValidationResult => ({
  ok,
  stale,
  checked_at: '2026-11-22T03:00:00.000Z',
  checks: [],
});

describe('describeReviewState', () => {
  it('says what the latest validation found about a generated diff', () => {
    expect(describeReviewState({ status: 'generated' }, validation(true), true)).toEqual({
      status: 'generated',
      can_apply: true,
      can_revert: false,
    });
    expect(describeReviewState({ status: 'generated' }, validation(false), true).status).toBe('invalid');
    // Stale wins: the failures of a diff made against other files say little until it is made again.
    expect(describeReviewState({ status: 'generated' }, validation(false, true), true).status).toBe('stale');
    expect(describeReviewState({ status: 'generated' }, null, true).status).toBe('invalid');
  });

  it('never lets a proposal codex-retro did not record be applied or reverted', () => {
    expect(describeReviewState({ status: 'generated' }, validation(true), false)).toMatchObject({
      status: 'invalid',
      can_apply: false,
    });
    expect(describeReviewState({ status: 'applied' }, validation(true), false).can_revert).toBe(false);
  });

  it('lets a reverted proposal be applied again only while its diff still passes', () => {
    expect(describeReviewState({ status: 'reverted' }, validation(true), true)).toMatchObject({
      status: 'reverted',
      can_apply: true,
    });
    expect(describeReviewState({ status: 'reverted' }, validation(true, true), true).can_apply).toBe(false);
  });

  it('keeps the statuses of jobs and of empty answers as they are', () => {
    for (const status of ['generating', 'failed', 'no_change'] as const) {
      expect(describeReviewState({ status }, validation(false), true)).toEqual({
        status,
        can_apply: false,
        can_revert: false,
      });
    }
  });
});
