import { describe, expect, it } from 'vitest';
import { buildSampleEvidence } from '../../test/helpers/report/sample-evidence.js';
import { buildSampleInsights } from '../../test/helpers/report/sample-insights.js';
import { type GroundingFacts, groundingFactsOf } from './grounding.js';
import {
  buildOutputSchema,
  createWriterContract,
  findEmptySection,
  findMissingSection,
  type Insights,
  REQUIRED_SECTIONS,
} from './writer-contract.js';

const ids = ['01a20120-073d-7262-9942-d5f2c9b66274', '01a20120-0e64-7b11-813b-3780ba91a28b'];
const facts: GroundingFacts = groundingFactsOf(buildSampleEvidence(ids));

function problemsOf(answer: Insights, with_: GroundingFacts = facts): string {
  const result = createWriterContract(with_).safeParse(answer);
  return result.success ? '' : JSON.stringify(result.error.issues);
}

describe('writer contract', () => {
  it('hands Codex a strict JSON Schema with the eleven sections, every key required', () => {
    const schema = buildOutputSchema(ids) as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { required: string[] }>;
    };
    expect(schema.required).toEqual([...REQUIRED_SECTIONS]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.metadata?.required).toContain('limitations');
    expect(schema.properties.friction_analysis?.required).toEqual(['intro', 'codex_side', 'user_side']);
    expect(schema.properties.prompting_help?.required).toContain('why_none');
    expect(JSON.stringify(schema)).not.toContain('$schema');
  });

  it('makes the citable ids an enum of the bundle’s sessions, written once, and asks for at least one', () => {
    const text = JSON.stringify(buildOutputSchema(ids));
    expect(text).toContain(`"$defs":{"session_id":{"type":"string","enum":${JSON.stringify(ids)}`);
    expect(text.split(ids[0] as string)).toHaveLength(2);
    expect(text).toContain('"minItems":1,"type":"array","items":{"$ref":"#/$defs/session_id"}');
    // Too many ids for an enum: plain strings, checked against the bundle after the answer.
    const many = Array.from(
      { length: 300 },
      (_, i) => `01a20120-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    expect(JSON.stringify(buildOutputSchema(many))).not.toContain('"enum":["01a20120');
  });

  it('accepts a complete answer grounded in the bundle', () => {
    expect(problemsOf(buildSampleInsights(ids))).toBe('');
  });

  it('refuses a claim that cites nothing, or cites what is not a session of the bundle', () => {
    const none = buildSampleInsights(ids);
    none.what_works.workflows[0]!.evidence = [];
    expect(problemsOf(none)).toMatch(/what_works.*workflows.*0.*evidence/);

    const mock = buildSampleInsights(ids);
    mock.interaction_style.evidence = ['Mock evidence for this claim'];
    // The enum refuses it, naming the ids it may be.
    expect(problemsOf(mock)).toMatch(/"path":\["interaction_style","evidence",0\].*expected one of/);

    // With too many sessions for an enum the same check runs after the answer.
    const manyIds = Array.from(
      { length: 300 },
      (_, i) => `01a20120-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    const manyFacts = { ...facts, sessionIds: manyIds, totals: { ...facts.totals, sessions: 300 } };
    const stranger = buildSampleInsights(manyIds.slice(0, 1));
    stranger.interaction_style.evidence = ['deadbeef-0000-4000-8000-000000000000'];
    expect(problemsOf(stranger, manyFacts)).toContain('deadbeef-0000-4000-8000-000000000000');
  });

  it('refuses session ids mentioned in the text that are not in the bundle, naming them', () => {
    const stranger = 'deadbeef-0000-4000-8000-000000000000';
    const answer = buildSampleInsights(ids);
    answer.fun_ending.detail = `As seen in ${stranger}.`;
    expect(problemsOf(answer)).toContain(stranger);
  });

  it('checks the counts it states: an area counts the sessions it lists, no sentence counts more than there are', () => {
    const area = buildSampleInsights(ids);
    area.project_areas.areas[0]!.session_count = 999;
    expect(problemsOf(area)).toMatch(/says 999 sessions but its evidence lists 2/);

    const stated = buildSampleInsights(ids);
    stated.at_a_glance.summary = 'Across 1,204 sessions and 12 failed tool calls you kept going.';
    const problems = problemsOf(stated);
    expect(problems).toMatch(/States \\"1,204 sessions\\", but the bundle has 3 sessions/);
    expect(problems).toMatch(/12 failed tool calls.*the bundle has 7 tool calls/);
    const fine = buildSampleInsights(ids);
    fine.at_a_glance.summary = 'Across 2 sessions and 3 failed tool calls you kept going.';
    expect(problemsOf(fine)).toBe('');
    // Numbers that count something else are not counts of sessions.
    fine.at_a_glance.summary =
      'Over the last 7 days of sessions, 2.5 sessions a day, 12 hours in sessions, 1 of 2 sessions failed.';
    expect(problemsOf(fine)).toBe('');
  });

  it('wants something to copy unless the evidence is thin, and then a reason', () => {
    const empty = buildSampleInsights(ids);
    empty.prompting_help.prompts = [];
    empty.suggestions.agents_md_additions = [];
    const problems = problemsOf(empty);
    expect(problems).toMatch(/prompting_help.prompts is empty, but the evidence is enough/);
    expect(problems).toMatch(/suggestions.agents_md_additions is empty, but the evidence is enough/);

    const thin = { ...facts, thin: true };
    expect(problemsOf(empty, thin)).toMatch(/say in prompting_help.why_none why the evidence is too thin/);
    empty.prompting_help.why_none = 'Two sessions show no pattern.';
    empty.suggestions.agents_md_why_none = 'Two sessions show no pattern.';
    expect(problemsOf(empty, thin)).toBe('');

    const blank = buildSampleInsights(ids);
    blank.prompting_help.prompts[0]!.prompt = '  ';
    expect(problemsOf(blank)).toContain('A copyable prompt is blank.');
  });

  it('refuses an empty required section, naming it', () => {
    const answer = buildSampleInsights(ids, {
      friction_analysis: { intro: ' ', codex_side: [], user_side: [] },
    });
    const result = createWriterContract(facts).safeParse(answer);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['friction_analysis']);
    expect(findEmptySection(answer as unknown as Record<string, unknown>)).toBe('friction_analysis');
  });

  it('names the first missing section and refuses extra keys', () => {
    const { prompting_help: _gone, ...rest } = buildSampleInsights(ids);
    expect(findMissingSection(rest)).toBe('prompting_help');
    expect(findMissingSection([])).toBe('metadata');
    expect(createWriterContract(facts).safeParse({ ...buildSampleInsights(ids), extra: 1 }).success).toBe(
      false,
    );
  });
});
