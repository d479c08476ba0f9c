import { describe, expect, it } from 'vitest';
import { buildSampleFacets } from '../../test/helpers/report/sample-evidence.js';
import { buildSession } from '../../test/helpers/report/sessions.js';
import { computeMetrics } from '../analytics/index.js';
import type { SessionDetail } from '../sessions/types.js';
import { type BuildEvidenceInput, buildEvidence } from './evidence.js';
import { summarizeFacets } from './facets/facet-summary.js';
import type { TelemetrySummary } from './telemetry.js';

const A = '01a20120-073d-7262-9942-d5f2c9b66274';
const B = '01a20120-0e64-7b11-813b-3780ba91a28b';
const SECRET = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';

const failing = buildSession(A, [
  { content: 'run the build please' },
  {
    role: 'assistant',
    kind: 'tool_call',
    content: '',
    tool: { name: 'exec_command', call_id: 'c1', arguments: '{"cmd":"npm run build"}' },
  },
  {
    role: 'tool',
    kind: 'tool_output',
    content: 'Error: cannot find module',
    tool: { call_id: 'c1', exit_code: 2 },
  },
  { content: `still failing, my key is ${SECRET}` },
  { role: 'assistant', kind: 'message', content: 'Fixed the import.' },
]);
const fork = buildSession(B, [
  { content: 'inherited prompt from the parent', inherited: true },
  {
    role: 'tool',
    kind: 'tool_output',
    content: 'old failure',
    inherited: true,
    tool: { call_id: 'x', exit_code: 1 },
  },
  { content: 'No, not that file' },
]);

function metricsOf(sessions: SessionDetail[]) {
  return computeMetrics(sessions, {
    now: new Date('2026-11-22T12:00:00Z'),
    timeZone: 'UTC',
    since: new Date('2026-11-15T12:00:00Z'),
    until: new Date('2026-11-22T12:00:00Z'),
  });
}

function input(overrides: Partial<BuildEvidenceInput> = {}): BuildEvidenceInput {
  const sessions = overrides.sessions ?? [failing, fork];
  return {
    generatedAt: new Date('2026-11-22T12:00:00Z'),
    userName: 'Sam',
    window: {
      since: '2026-11-15T12:00:00.000Z',
      until: '2026-11-22T12:00:00.000Z',
      days: 7,
      time_zone: 'UTC',
    },
    sessionsFound: 3,
    sessions,
    metrics: metricsOf(sessions),
    facets: new Map(),
    facetSummary: summarizeFacets(new Map(), []),
    guidance: [
      {
        root: '/work/project',
        sessions: 2,
        agents_md: {
          path: '/work/project/AGENTS.md',
          text: `Use pnpm. Token: ${SECRET}`,
          bytes: 80,
          truncated: false,
        },
        recorded_agents_md: null,
        skills: [],
      },
    ],
    telemetry: { available: false, limitations: ['No telemetry found'] } as unknown as TelemetrySummary,
    limitations: ['Only 2 sessions in the window.'],
    ...overrides,
  };
}

describe('buildEvidence', () => {
  it('keeps failed commands with their command and exit code, and the person’s reactions', () => {
    const evidence = buildEvidence(input());
    expect(evidence.examples.failed_commands).toEqual([
      expect.objectContaining({
        session_id: A,
        tool: 'exec_command',
        command: 'npm run build',
        exit_code: 2,
      }),
    ]);
    const kinds = evidence.examples.friction_moments.map((m) => [m.session_id, m.kind]);
    expect(kinds).toEqual([
      [A, 'reply_after_failure'],
      [B, 'correction'],
    ]);
  });

  it('never counts what a fork copied from its parent', () => {
    const evidence = buildEvidence(input());
    const digest = evidence.sessions.find((s) => s.id === B);
    expect(digest?.prompts).toEqual(['No, not that file']);
    expect(evidence.examples.failed_commands.some((f) => f.session_id === B)).toBe(false);
  });

  it('redacts secrets in prompts and in project guidance', () => {
    const text = JSON.stringify(buildEvidence(input()));
    expect(text).not.toContain(SECRET);
    expect(text).toContain('[REDACTED');
  });

  it('puts each session’s facets on its digest, and says when the evidence is thin', () => {
    const facets = new Map([[A, buildSampleFacets(0)]]);
    const evidence = buildEvidence(
      input({ facets, facetSummary: summarizeFacets(facets, [{ id: B, reason: 'x' }]) }),
    );
    expect(evidence.sessions.find((s) => s.id === A)?.facets?.goal).toBe('Make the failing tests pass');
    expect(evidence.sessions.find((s) => s.id === B)?.facets).toBeNull();
    expect(evidence.facet_summary).toMatchObject({ sessions_with_facets: 1, sessions_without_facets: 1 });
    // Two sessions are too few to suggest prompts from.
    expect(evidence.coverage.thin_evidence).toBe(true);
  });

  it('stays under the byte cap by summarizing fewer sessions, and says so', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      buildSession(`01a20120-0000-7000-8000-${String(i).padStart(12, '0')}`, [
        { content: `prompt ${i} ${'lorem ipsum '.repeat(200)}` },
        { content: `second ${'dolor sit '.repeat(200)}` },
        { content: `third ${'amet '.repeat(200)}` },
      ]),
    );
    const evidence = buildEvidence(input({ sessions: many, sessionsFound: 300, maxBytes: 120_000 }));
    expect(evidence.bounds.bytes).toBeLessThanOrEqual(120_000);
    expect(Buffer.byteLength(JSON.stringify(evidence, null, 2))).toBeLessThanOrEqual(120_000);
    expect(evidence.sessions.length).toBeLessThan(300);
    expect(evidence.coverage.sessions_analyzed).toBe(300);
    expect(evidence.limitations.join(' ')).toMatch(/of 300 sessions summarized/);
    expect(evidence.coverage.thin_evidence).toBe(false);
    // Every example comes from a summarized session, so a claim citing it can link to its row.
    const summarized = new Set(evidence.sessions.map((s) => s.id));
    for (const moment of evidence.examples.friction_moments)
      expect(summarized.has(moment.session_id)).toBe(true);
  });
});
