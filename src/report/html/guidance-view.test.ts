import { describe, expect, it } from 'vitest';
import { compareSides } from '../../analytics/effect/compare.js';
import type { SessionSignals } from '../../analytics/effect/session-signals.js';
import type { ReportGuidanceChange } from '../guidance-changes.js';
import { renderChanges } from './changes-view.js';

function signals(id: string, failed: number): SessionSignals {
  return {
    id,
    started_at: null,
    tool_calls: 10,
    tool_errors: failed,
    commands: 10,
    failed_commands: failed,
    retried_commands: 0,
    turns: 3,
    corrections: 0,
    corrections_by_kind: { interrupted: 0, declined: 0, said: 0 },
    tokens: 5000,
  };
}

const side = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-10T00:00:00.000Z', bound: 'now' as const };

function change(before: number, after: number, title: string): ReportGuidanceChange {
  const effect = compareSides(
    { before: { ...side, session_ids: [] }, after: { ...side, session_ids: [] } },
    Array.from({ length: before }, (_, i) => signals(`b${i}`, 4)),
    Array.from({ length: after }, (_, i) => signals(`a${i}`, 1)),
    { minSessions: 5, verb: 'since applied' },
  );
  const { session_ids: _b, ...b } = effect.before;
  const { session_ids: _a, ...a } = effect.after;
  return {
    repo: '/work/billing-api',
    kind: 'proposal',
    at: '2026-11-10T09:30:00.000Z',
    title,
    files: ['AGENTS.md'],
    proposal_id: 'prop-20261110T093000000Z-0a1b2c3d',
    commit: null,
    effect: { ...effect, before: b, after: a },
  };
}

describe('the changes to guidance in the report', () => {
  it('shows each change with its sessions before and after, figure by figure', () => {
    const page = renderChanges(null, { changes: [change(6, 7, 'Explain exit code 3')], problems: [] }).value;
    expect(page).toContain('Changes to AGENTS.md and skills');
    expect(page).toContain(
      '<code>prop-20261110T093000000Z-0a1b2c3d</code> in billing-api on 2026-11-10 09:30 UTC',
    );
    expect(page).toContain(
      'since applied: 7 sessions (6 before), failed commands 40% → 10% (better, p = 0.003); 1 more clear difference',
    );
    expect(page).toMatch(
      /<tr data-metric="failed_command_rate"><th scope="row">failed commands<\/th><td>40% <span class="muted">\(24 of 60\)<\/span><\/td><td>10% <span class="muted">\(7 of 70\)<\/span><\/td><td class="up">better · p = 0.003<\/td><\/tr>/,
    );
  });

  it('says "not enough sessions yet" and compares nothing below the minimum', () => {
    const page = renderChanges(null, {
      changes: [change(6, 2, 'Too new')],
      problems: ['git was unreadable'],
    }).value;
    expect(page).toContain(
      'since applied: 2 sessions — not enough sessions yet (5 needed before and after; 6 before)',
    );
    expect(page).not.toContain('data-metric=');
    expect(page).toContain('git was unreadable');
  });

  it('escapes what a commit subject or path says', () => {
    const evil = change(6, 2, '<img src=x onerror=alert(1)>');
    const page = renderChanges(null, {
      changes: [{ ...evil, files: ['<b>AGENTS.md</b>'] }],
      problems: [],
    }).value;
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;b&gt;AGENTS.md&lt;/b&gt;');
  });

  it('says when no change was made in the window, and stays silent for a bundle written before the field', () => {
    expect(renderChanges(null, { changes: [], problems: [] }).value).toContain(
      'No change to AGENTS.md or the skills was made in this window',
    );
    expect(renderChanges(null).value).not.toContain('Changes to AGENTS.md');
  });
});
