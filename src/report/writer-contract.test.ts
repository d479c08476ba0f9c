import { describe, expect, it } from 'vitest';
import { buildSampleInsights } from '../../test/helpers/report/sample-insights.js';
import {
  buildOutputSchema,
  createWriterContract,
  findEmptySection,
  findMissingSection,
  REQUIRED_SECTIONS,
} from './writer-contract.js';

const ids = ['01a20120-073d-7262-9942-d5f2c9b66274', '01a20120-0e64-7b11-813b-3780ba91a28b'];

describe('writer contract', () => {
  it('hands Codex a strict JSON Schema with the eleven sections, every key required', () => {
    const schema = buildOutputSchema() as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { required: string[] }>;
    };
    expect(schema.required).toEqual([...REQUIRED_SECTIONS]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.metadata?.required).toContain('limitations');
    expect(schema.properties.friction_analysis?.required).toEqual(['intro', 'codex_side', 'user_side']);
    expect(JSON.stringify(schema)).not.toContain('$schema');
  });

  it('accepts a complete answer citing known sessions', () => {
    expect(createWriterContract(ids).safeParse(buildSampleInsights(ids)).success).toBe(true);
  });

  it('rejects session ids that are not in the evidence, naming them', () => {
    const stranger = 'deadbeef-0000-4000-8000-000000000000';
    const answer = buildSampleInsights([...ids, stranger]);
    answer.fun_ending.detail = `As seen in ${stranger}.`;
    const result = createWriterContract(ids).safeParse(answer);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(stranger);
  });

  it('rejects an empty required section, naming it', () => {
    const answer = buildSampleInsights(ids, {
      friction_analysis: { intro: ' ', codex_side: [], user_side: [] },
    });
    const result = createWriterContract(ids).safeParse(answer);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['friction_analysis']);
    expect(findEmptySection(answer as unknown as Record<string, unknown>)).toBe('friction_analysis');
  });

  it('names the first missing section and refuses extra keys', () => {
    const { prompting_help: _gone, ...rest } = buildSampleInsights(ids);
    expect(findMissingSection(rest)).toBe('prompting_help');
    expect(findMissingSection([])).toBe('metadata');
    expect(createWriterContract(ids).safeParse({ ...buildSampleInsights(ids), extra: 1 }).success).toBe(
      false,
    );
  });
});
