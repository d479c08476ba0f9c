import { describe, expect, it } from 'vitest';
import { buildSession } from '../../test/helpers/report/sessions.js';
import { computeMetrics } from '../analytics/index.js';
import { buildEvidence } from './evidence.js';
import { summarizeFacets } from './facets/facet-summary.js';
import { buildInsightPrompt } from './prompt.js';
import type { TelemetrySummary } from './telemetry.js';
import { REQUIRED_SECTIONS } from './writer-contract.js';

const ID = '01a20120-073d-7262-9942-d5f2c9b66274';

function evidenceFor(userName: string) {
  const sessions = [buildSession(ID, [{ content: 'make the tests pass' }])];
  return buildEvidence({
    generatedAt: new Date('2026-11-22T12:00:00Z'),
    userName,
    window: {
      since: '2026-11-15T12:00:00.000Z',
      until: '2026-11-22T12:00:00.000Z',
      days: 7,
      time_zone: 'UTC',
    },
    sessionsFound: 1,
    sessions,
    metrics: computeMetrics(sessions, {
      now: new Date('2026-11-22T12:00:00Z'),
      timeZone: 'UTC',
      since: new Date('2026-11-15T12:00:00Z'),
      until: new Date('2026-11-22T12:00:00Z'),
    }),
    facets: new Map(),
    facetSummary: summarizeFacets(new Map(), []),
    guidance: [],
    telemetry: { available: false, limitations: [] } as unknown as TelemetrySummary,
    limitations: ['Only 1 session in the window.'],
  });
}

describe('buildInsightPrompt', () => {
  const prompt = buildInsightPrompt(evidenceFor('Sam'));

  it('states the writer contract of the insight-report skill', () => {
    for (const section of REQUIRED_SECTIONS) expect(prompt).toContain(`- \`${section}\``);
    expect(prompt).toMatch(/Use only the evidence bundle/);
    expect(prompt).toMatch(/Do not invent outcomes, files, tools/);
    expect(prompt).toMatch(/second person/);
    expect(prompt).toMatch(/friction_analysis.codex_side[\s\S]*friction_analysis.user_side/);
    expect(prompt).toMatch(/copyable prompts in plain words/);
    expect(prompt).toMatch(/metadata.limitations/);
    expect(prompt).toMatch(/must say something the projects' AGENTS.md or skills do not already say/);
    expect(prompt).toMatch(/recorded_agents_md/);
    expect(prompt).toMatch(/each `evidence` list names at least one session id/);
    expect(prompt).toMatch(/its `session_count` is the number of ids listed/);
    expect(prompt).toMatch(/Write from the facets and the metrics/);
    // One session is thin evidence: the copyable lists may stay empty if the answer says why.
    expect(prompt).toMatch(/may stay empty[\s\S]*prompting_help.why_none/);
    expect(prompt).toContain('addressed to Sam');
  });

  it('is self-contained: the answer schema and the whole evidence bundle are embedded', () => {
    expect(prompt).toContain('"additionalProperties":false');
    // The session ids a claim may cite are an enum of the bundle's.
    expect(prompt).toContain(`"session_id":{"type":"string","enum":["${ID}"]`);
    expect(prompt).toContain(ID);
    expect(prompt).toContain('make the tests pass');
    expect(prompt).toContain('Only 1 session in the window.');
    const fenced = prompt.split('```json\n')[2]?.split('\n```')[0] ?? '';
    expect(JSON.parse(fenced).sessions[0].id).toBe(ID);
  });

  it('speaks of "the person" when no name is known', () => {
    expect(buildInsightPrompt(evidenceFor('you'))).toContain('addressed to the person');
  });
});
