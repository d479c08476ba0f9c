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
  it('allows applying only a validated, fresh, reviewed proposal', () => {
    expect(applyBlocker(proposal({}), true)).toBeNull();
    expect(applyBlocker(proposal({}), false)).toMatch(/reviewed/);
  });

  it('blocks failed validation, stale trees and proposals already applied', () => {
    expect(applyBlocker(proposal({ validation: { ok: false, stale: false, checks: [] } }), true)).toMatch(
      /Validation failed/,
    );
    expect(applyBlocker(proposal({ validation: { ok: true, stale: true, checks: [] } }), true)).toMatch(
      /changed since/,
    );
    expect(applyBlocker(proposal({ validation: null }), true)).toMatch(/not been validated/);
    expect(applyBlocker(proposal({ status: 'applied' }), true)).toBe('This proposal is applied.');
    expect(applyBlocker(proposal({ status: 'no_change' }), true)).toBe('This proposal is no change.');
  });
});
