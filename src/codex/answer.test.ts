import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRepairPrompt, checkAnswer, toOutputSchema } from './answer.js';

const schema = z.object({ summary: z.string(), score: z.number().int() });

describe('structured answers', () => {
  it('accepts JSON matching the schema, also inside one code fence', () => {
    expect(checkAnswer('{"summary":"ok","score":3}', schema)).toEqual({
      ok: true,
      value: { summary: 'ok', score: 3 },
    });
    expect(checkAnswer('```json\n{"summary":"ok","score":3}\n```', schema)).toMatchObject({ ok: true });
  });

  it('says what is wrong: empty, not JSON, or which field misses the schema', () => {
    expect(checkAnswer('  ', schema)).toEqual({ ok: false, problem: expect.stringContaining('empty') });
    expect(checkAnswer('Sure! Here it is.', schema)).toEqual({
      ok: false,
      problem: expect.stringContaining('not valid JSON'),
    });
    const mismatch = checkAnswer('{"summary":"ok","score":2.5}', schema);
    expect(mismatch.ok).toBe(false);
    expect(!mismatch.ok && mismatch.problem).toContain('score');
  });

  it('hands Codex a strict JSON schema without the $schema marker', () => {
    expect(toOutputSchema(schema)).toEqual({
      type: 'object',
      properties: {
        summary: { type: 'string' },
        score: { type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) },
      },
      required: ['summary', 'score'],
      additionalProperties: false,
    });
  });

  it('puts the validation problem into the repair prompt', () => {
    expect(buildRepairPrompt('The answer is not valid JSON (x).')).toContain(
      'The answer is not valid JSON (x).',
    );
  });
});
