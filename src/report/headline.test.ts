import { describe, expect, it } from 'vitest';
import { buildSession } from '../../test/helpers/report/sessions.js';
import { computeMetrics } from '../analytics/index.js';
import type { SessionDetail } from '../sessions/types.js';
import { computeHeadline } from './headline.js';

function headlineOf(sessions: SessionDetail[], timeZone: string) {
  const metrics = computeMetrics(sessions, {
    now: new Date('2026-11-22T00:00:00Z'),
    timeZone,
    since: new Date('2026-11-15T00:00:00Z'),
    until: new Date('2026-11-22T00:00:00Z'),
  });
  return { metrics, headline: computeHeadline(metrics, sessions) };
}

describe('computeHeadline', () => {
  const late = buildSession(
    '01a20120-0000-7000-8000-000000000001',
    [
      { content: 'a', ts: '2026-11-20T23:30:00.000Z' },
      {
        kind: 'tool_call',
        role: 'assistant',
        tool: { call_id: 'c1', name: 'shell' },
        ts: '2026-11-20T23:31:00.000Z',
      },
      {
        kind: 'tool_output',
        role: 'tool',
        content: 'boom',
        tool: { call_id: 'c1', exit_code: 1 },
        ts: '2026-11-20T23:32:00.000Z',
      },
      {
        kind: 'patch',
        role: 'assistant',
        patch: { files: [{ path: 'a.ts', kind: 'update', added: 5, removed: 2 }], success: true },
        ts: '2026-11-20T23:45:00.000Z',
      },
    ],
    { repo_hint: 'github.com/sam/app' },
  );
  const early = buildSession(
    '01a20120-0000-7000-8000-000000000002',
    [
      { content: 'b', ts: '2026-11-21T01:00:00.000Z' },
      { content: 'c', ts: '2026-11-21T01:05:00.000Z' },
    ],
    { cwd: '/work/other' },
  );

  it('counts active days in the person’s time zone', () => {
    expect(headlineOf([late, early], 'UTC').headline.active_days).toBe(2);
    expect(headlineOf([late, early], 'Asia/Tokyo').headline.active_days).toBe(1);
  });

  it('takes every count from the metrics, so cards and charts share their totals', () => {
    const { metrics, headline } = headlineOf([late, early], 'UTC');
    expect(headline).toMatchObject({
      sessions: 2,
      user_messages: metrics.sessions.user_messages,
      tool_calls: metrics.tools.calls,
      tool_errors: metrics.errors.total,
      tokens_total: metrics.tokens.total,
      lines_added: 5,
      lines_removed: 2,
      files_changed: 1,
    });
    expect(headline.user_messages).toBe(3);
    expect(headline.tool_error_rate).toBe(1);
    expect(headline.session_minutes).toBe(20);
    expect(headline.projects).toEqual(['/work/other', 'github.com/sam/app']);
    expect(headlineOf([], 'UTC').headline.tool_error_rate).toBeNull();
  });
});
