import { z } from 'zod';

/**
 * The structured answer workflow A asks Codex for (`--output-schema`). Every field is required and
 * optional values are nullable, because strict JSON-schema output allows nothing else.
 */
const evidenceSchema = z.object({
  quote: z.string().describe('Words copied from the transcript that show the point'),
  entry: z
    .number()
    .int()
    .nullable()
    .describe('The [#N] number of the transcript entry the quote comes from, or null when not known'),
});

const pointSchema = z.object({
  point: z.string().describe('One observation, in a sentence or two'),
  evidence: z.array(evidenceSchema).describe('Quotes from the transcript that back the point'),
});

export const insightAnswerSchema = z.object({
  goal: z.string().describe('What the person tried to do in this session'),
  outcome: z.object({
    status: z.enum(['achieved', 'partly_achieved', 'not_achieved', 'unclear']),
    summary: z.string().describe('How the session ended and why'),
  }),
  what_worked: z.array(pointSchema),
  friction: z
    .array(pointSchema)
    .describe('Where time or turns were lost: failures, misunderstandings, missing context'),
  recommendations: z.array(
    z.object({
      title: z.string(),
      detail: z.string().describe('What to change and why, concretely'),
      target: z
        .enum(['agents_md', 'skill', 'prompting', 'tooling', 'other'])
        .describe('Where the change belongs: AGENTS.md, a repo skill under .codex/skills, or elsewhere'),
    }),
  ),
});

export type InsightAnswer = z.infer<typeof insightAnswerSchema>;
