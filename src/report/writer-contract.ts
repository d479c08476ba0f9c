import { z } from 'zod';

/**
 * The Codex writer contract: the JSON Codex must answer with. The same schema becomes the
 * `--output-schema` file (every key required, no extra keys: what strict structured output accepts)
 * and validates the answer; `createWriterContract` adds the checks a JSON Schema cannot express.
 */

/** Session ids (from the evidence bundle) that back a claim. */
const evidence = z.array(z.string()).describe('Session ids from the evidence bundle that back this claim');

const frictionItem = z.strictObject({
  category: z.string(),
  description: z.string(),
  examples: z.array(z.string()),
  evidence,
});

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

const insightsShape = {
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
      z.strictObject({ name: z.string(), session_count: z.number(), description: z.string(), evidence }),
    ),
  }),
  interaction_style: z.strictObject({
    narrative: z.string(),
    key_pattern: z.string(),
    evidence,
  }),
  what_works: z.strictObject({
    intro: z.string(),
    workflows: z.array(z.strictObject({ title: z.string(), description: z.string(), evidence })),
  }),
  friction_analysis: z.strictObject({
    intro: z.string(),
    codex_side: z.array(frictionItem).describe('Friction caused by Codex: failed tools, errors, wrong turns'),
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

const insightsSchema = z.strictObject(insightsShape);

export type Insights = z.infer<typeof insightsSchema>;

/** The JSON Schema handed to `codex exec --output-schema`. */
export function buildOutputSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(insightsSchema) as Record<string, unknown>;
  return schema;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** True when a section holds no words at all: every string blank, every list empty. */
function isSectionEmpty(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isSectionEmpty);
  if (value && typeof value === 'object') return Object.values(value).every(isSectionEmpty);
  return value === null || value === undefined;
}

/** Every session id cited anywhere in the answer (evidence lists and free text). */
export function collectCitedSessionIds(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.matchAll(UUID)) into.add(match[0].toLowerCase());
  } else if (Array.isArray(value)) {
    for (const item of value) collectCitedSessionIds(item, into);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectCitedSessionIds(item, into);
  }
  return into;
}

/**
 * The schema plus what the bundle knows: a required section may not be empty (metadata excepted,
 * its limitations may rightly be none) and every cited session id must exist in the evidence.
 */
export function createWriterContract(knownSessionIds: Iterable<string>): z.ZodType<Insights> {
  const known = new Set([...knownSessionIds].map((id) => id.toLowerCase()));
  return insightsSchema.superRefine((insights, ctx) => {
    for (const section of REQUIRED_SECTIONS) {
      if (section !== 'metadata' && isSectionEmpty(insights[section])) {
        ctx.addIssue({
          code: 'custom',
          path: [section],
          message: `Required section "${section}" is empty; write it from the evidence.`,
        });
      }
    }
    const unknown = [...collectCitedSessionIds(insights)].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `Cites session ids that are not in the evidence bundle: ${unknown.slice(0, 10).join(', ')}. Cite only ids listed in the evidence.`,
      });
    }
  });
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
