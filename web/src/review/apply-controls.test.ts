import { describe, expect, it } from 'vitest';
import type { ProposalDetail } from '../api/types.js';
import { applyBlocker } from './apply-controls.js';

function proposal(patch: Partial<ProposalDetail>): ProposalDetail {
  return {
    proposal_id: 'prop-20261122T031500123Z-0a1b2c3d',
    session_id: '01a20121-255d-79a1-881c-b4697066053d',
    insight_artifact_id: null,
    job_id: null,
    mode: 'fork',
    status: 'generated',
    can_apply: true,
    can_revert: false,
    model: null,
    created_at: '2026-11-22T03:15:00.123Z',
    summary: 'Add a testing rule',
    files_touched: ['AGENTS.md'],
    diff: '',
    patch: null,
    safety_notes: [],
    validation: { ok: true, stale: false, checks: [] },
    ...patch,
  };
}

describe('applyBlocker', () => {
  it('allows applying what the server says can be applied, once reviewed', () => {
    expect(applyBlocker(proposal({}), true)).toBeNull();
    expect(applyBlocker(proposal({}), false)).toMatch(/reviewed/);
    expect(applyBlocker(proposal({ status: 'reverted' }), true)).toBeNull();
  });

  it('names the failing check, not one that did not run because of it', () => {
    const checks = [
      { id: 'applies', label: 'Applies', ok: false, message: 'Not checked', details: { skipped: true } },
      { id: 'path_allowed', label: 'Only allowed paths', ok: false, message: '.env is outside' },
    ];
    const invalid = proposal({
      status: 'invalid',
      can_apply: false,
      validation: { ok: false, stale: false, checks },
    });
    expect(applyBlocker(invalid, true)).toBe(
      'A check failed (Only allowed paths), so this diff cannot be applied.',
    );
  });

  it('says what to do with a stale proposal', () => {
    const stale = proposal({
      status: 'stale',
      can_apply: false,
      validation: { ok: false, stale: true, checks: [] },
    });
    expect(applyBlocker(stale, true)).toMatch(/generate a new one/);
  });
});
