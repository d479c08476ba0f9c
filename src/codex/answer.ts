import { z } from 'zod';

export type AnswerCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A model sometimes wraps its JSON in one Markdown code fence even when asked not to. */
function stripCodeFence(text: string): string {
  const match = /^\s*```[a-zA-Z]*\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return match?.[1] ?? text;
}

/** Parses the last message as JSON and validates it against `schema`; says precisely what is wrong if not. */
export function checkAnswer<T>(lastMessage: string, schema: z.ZodType<T>): AnswerCheck<T> {
  const text = stripCodeFence(lastMessage).trim();
  if (text === '') return { ok: false, problem: 'The answer was empty; a JSON object was expected.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `The answer is not valid JSON (${(error as Error).message}).` };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problem: `The answer does not match the required schema:\n${z.prettifyError(parsed.error)}`,
  };
}

/** The JSON Schema handed to `--output-schema`, from the same zod schema that validates the answer. */
export function toOutputSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io: 'output' }) as Record<
    string,
    unknown
  >;
  return jsonSchema;
}

/** The follow-up prompt of the one repair attempt, sent into the same thread. */
export function buildRepairPrompt(problem: string): string {
  return [
    'Your previous answer could not be used.',
    problem,
    'Reply again with only the corrected JSON object that matches the required output schema, and nothing else.',
  ].join('\n\n');
}
