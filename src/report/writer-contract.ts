import { z } from 'zod';
import { findGroundingProblems, type GroundingFacts } from './grounding.js';

/**
 * The Codex writer contract: the JSON Codex must answer with. The same schema becomes the
 * `--output-schema` file (every key required, no extra keys: what strict structured output accepts)
 * and validates the answer; `createWriterContract` adds what a JSON Schema cannot express, from the
 * evidence bundle the answer was written from (see grounding.ts).
 */

export const REQUIRED_SECTIONS = [
  'metadata',
  'at_a_glance',
  'project_areas',
  'interaction_style',
  'what_works',
  'friction_analysis',
  'prompting_help',
  'suggestions',
  'on_the_horizon',
  'actionable_fixes',
  'fun_ending',
] as const;

export type SectionName = (typeof REQUIRED_SECTIONS)[number];

/**
 * Above this many sessions the ids are plain strings in the schema (checked after the answer instead): an
 * enum that long is more than strict structured output accepts.
 */
const MAX_ENUM_IDS = 250;

/** The session ids a claim may cite: the bundle's, as an enum when there are few enough. */
function sessionIdSchema(ids: string[]): z.ZodType<string> {
  const description = 'A session id from the evidence bundle (sessions[].id)';
  if (ids.length === 0 || ids.length > MAX_ENUM_IDS) return z.string().describe(description);
  // An id in the metadata puts the enum once under $defs, however many claims cite sessions.
  return z.enum(ids as [string, ...string[]]).meta({ id: 'session_id', description });
}

function buildShape(id: z.ZodType<string>) {
  /** Session ids that back a claim: at least one. */
  const evidence = z.array(id).min(1).describe('Ids of the sessions that back this claim; at least one');
  const frictionItem = z.strictObject({
    category: z.string(),
    description: z.string(),
    examples: z.array(z.string()),
    evidence,
  });
  return {
    metadata: z.strictObject({
      title: z.string(),
      written_for: z.string(),
      period: z.string(),
      limitations: z.array(z.string()).describe('Missing-data caveats; say what the evidence could not show'),
    }),
    at_a_glance: z.strictObject({
      summary: z.string(),
      whats_working: z.string(),
      whats_hindering: z.string(),
      quick_wins: z.string(),
      ambitious_workflows: z.string(),
    }),
    project_areas: z.strictObject({
      areas: z.array(
        z.strictObject({
          name: z.string(),
          session_count: z
            .number()
            .describe('How many sessions the area covers: the number of ids in evidence'),
          description: z.string(),
          evidence: evidence.describe('Every session of this area'),
        }),
      ),
    }),
    interaction_style: z.strictObject({ narrative: z.string(), key_pattern: z.string(), evidence }),
    what_works: z.strictObject({
      intro: z.string(),
      workflows: z.array(z.strictObject({ title: z.string(), description: z.string(), evidence })),
    }),
    friction_analysis: z.strictObject({
      intro: z.string(),
      codex_side: z
        .array(frictionItem)
        .describe('Friction caused by Codex: failed tools, errors, wrong turns'),
      user_side: z
        .array(frictionItem)
        .describe('Ambiguity on the person’s side: unclear asks, missing context, shifting goals'),
    }),
    prompting_help: z.strictObject({
      intro: z.string(),
      prompts: z
        .array(
          z.strictObject({
            situation: z.string(),
            prompt: z.string().describe('A copyable prompt in plain words, no specialist vocabulary needed'),
            why_it_helps: z.string(),
            evidence,
          }),
        )
        .describe('Copyable prompts for moments when the technical words are missing'),
      why_none: z
        .string()
        .describe('Empty when there are prompts; else why the evidence is too thin to suggest any'),
    }),
    suggestions: z.strictObject({
      agents_md_additions: z.array(
        z.strictObject({
          addition: z.string().describe('Text to paste into AGENTS.md, not already said there'),
          why: z.string(),
          placement: z.string(),
          evidence,
        }),
      ),
      agents_md_why_none: z
        .string()
        .describe('Empty when there are additions; else why the evidence is too thin to suggest any'),
      features_to_try: z.array(
        z.strictObject({
          feature: z.string(),
          one_liner: z.string(),
          why_for_you: z.string(),
          example: z.string(),
        }),
      ),
      usage_patterns: z.array(
        z.strictObject({ title: z.string(), suggestion: z.string(), copyable_prompt: z.string(), evidence }),
      ),
    }),
    on_the_horizon: z.strictObject({
      intro: z.string(),
      opportunities: z.array(
        z.strictObject({
          title: z.string(),
          whats_possible: z.string(),
          how_to_try: z.string(),
          copyable_prompt: z.string(),
        }),
      ),
    }),
    actionable_fixes: z.strictObject({
      fixes: z.array(
        z.strictObject({
          priority: z.enum(['high', 'medium', 'low']),
          title: z.string(),
          problem: z.string(),
          fix: z.string(),
          evidence,
        }),
      ),
    }),
    fun_ending: z.strictObject({ headline: z.string(), detail: z.string() }),
  } satisfies Record<SectionName, z.ZodType>;
}

const insightsSchema = z.strictObject(buildShape(z.string()));

export type Insights = z.infer<typeof insightsSchema>;

/** The JSON Schema handed to `codex exec --output-schema` for an answer about these sessions. */
export function buildOutputSchema(ids: string[] = []): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(z.strictObject(buildShape(sessionIdSchema(ids))), {
    io: 'output',
  }) as Record<string, unknown>;
  return schema;
}

/** True when a section holds no words at all: every string blank, every list empty. */
function isSectionEmpty(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isSectionEmpty);
  if (value && typeof value === 'object') return Object.values(value).every(isSectionEmpty);
  return value === null || value === undefined;
}

/**
 * The schema plus what the bundle knows: a required section may not be empty (metadata excepted, its
 * limitations may rightly be none), and every claim must be grounded in the bundle (grounding.ts).
 */
export function createWriterContract(facts: GroundingFacts): z.ZodType<Insights> {
  const schema = z.strictObject(buildShape(sessionIdSchema(facts.sessionIds)));
  return schema.superRefine((insights, ctx) => {
    for (const section of REQUIRED_SECTIONS) {
      if (section !== 'metadata' && isSectionEmpty(insights[section])) {
        ctx.addIssue({
          code: 'custom',
          path: [section],
          message: `Required section "${section}" is empty; write it from the evidence.`,
        });
      }
    }
    for (const problem of findGroundingProblems(insights, facts)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  }) as z.ZodType<Insights>;
}

/** Names the first required section that is absent, so a failure can say which one. */
export function findMissingSection(value: unknown): SectionName | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'metadata';
  for (const section of REQUIRED_SECTIONS) {
    if (!(section in value)) return section;
  }
  return null;
}

/** Names the first required section present but empty. */
export function findEmptySection(value: Record<string, unknown>): SectionName | null {
  for (const section of REQUIRED_SECTIONS) {
    if (section !== 'metadata' && isSectionEmpty(value[section])) return section;
  }
  return null;
}
