import { describe, expect, it } from 'vitest';
import { buildSession } from '../../test/helpers/report/sessions.js';
import { computeHeadline } from './headline.js';

describe('computeHeadline', () => {
  const late = buildSession('01a20120-0000-7000-8000-000000000001', [{ content: 'a' }], {
    started_at: '2026-11-20T23:30:00.000Z',
    updated_at: '2026-11-20T23:45:00.000Z',
    tool_calls: 4,
    tool_errors: 1,
    repo_hint: 'github.com/sam/app',
  });
  const early = buildSession('01a20120-0000-7000-8000-000000000002', [{ content: 'b' }], {
    started_at: '2026-11-21T01:00:00.000Z',
    updated_at: '2026-11-21T01:05:00.000Z',
    tool_calls: 4,
    tool_errors: 0,
    cwd: '/work/other',
  });

  it('counts active days in the person’s time zone', () => {
    expect(computeHeadline([late, early], 'UTC').active_days).toBe(2);
    expect(computeHeadline([late, early], 'Asia/Tokyo').active_days).toBe(1);
  });

  it('sums time, tool errors and projects', () => {
    const headline = computeHeadline([late, early], 'UTC');
    expect(headline.session_minutes).toBe(20);
    expect(headline.tool_error_rate).toBe(0.125);
    expect(headline.projects).toEqual(['/work/other', 'github.com/sam/app']);
    expect(computeHeadline([], 'UTC').tool_error_rate).toBeNull();
  });
});
