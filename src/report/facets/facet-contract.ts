import { z } from 'zod';
import { isQuoteIn } from './quotes.js';

/**
 * What Codex writes about one session before the narrative: the person's goal, how it ended, how they
 * seemed to feel, what kind of session it was and what got in the way, each friction with a quote from
 * the session. The same schema is the `--output-schema` of a facet batch and validates its answer.
 */

const GOAL_CATEGORIES = [
  'fix_bug',
  'build_feature',
  'refactor',
  'write_tests',
  'debug_failure',
  'understand_code',
  'review_changes',
  'docs_or_writing',
  'setup_or_config',
  'data_or_analysis',
  'ops_or_release',
  'question',
  'other',
] as const;

export const OUTCOMES = ['achieved', 'partly', 'not', 'unclear'] as const;

export const SATISFACTION = ['satisfied', 'neutral', 'dissatisfied', 'unclear'] as const;

const SATISFACTION_SIGNALS = [
  'thanks_or_praise',
  'accepted_result',
  'correction',
  'repeated_request',
  'frustration',
  'gave_up',
] as const;

const SESSION_TYPES = [
  'quick_question',
  'single_task',
  'multi_task',
  'iterative_refinement',
  'exploration',
  'automated_run',
] as const;

const FRICTION_KINDS = [
  'misunderstood_request',
  'wrong_approach',
  'buggy_change',
  'failed_command',
  'environment_or_setup',
  'sandbox_or_approval',
  'tool_or_model_error',
  'slow_or_stuck',
  'lost_context',
  'excessive_changes',
  'unclear_request',
  'other',
] as const;

const quote = z
  .string()
  .describe('Copied word for word from the session digest: one line, at most 160 characters');

const facetFields = {
  goal: z.string().describe('What the person wanted, in one plain sentence'),
  goal_category: z.enum(GOAL_CATEGORIES),
  outcome: z
    .enum(OUTCOMES)
    .describe('Did the session get what the person wanted? unclear when it does not show'),
  outcome_note: z.string().describe('One line: what shows the outcome'),
  satisfaction: z
    .enum(SATISFACTION)
    .describe('From the person’s own words only; unclear when they say nothing'),
  satisfaction_signals: z.array(
    z.strictObject({
      signal: z.enum(SATISFACTION_SIGNALS),
      quote: quote.describe('The person’s own words, copied from a "you:" line of the digest'),
    }),
  ),
  session_type: z.enum(SESSION_TYPES),
  friction: z
    .array(z.strictObject({ kind: z.enum(FRICTION_KINDS), quote }))
    .describe('What got in the way, each with the line that shows it; empty when nothing did'),
  summary: z.string().describe('One line: what happened'),
};

/** Facets of one session, as cached and as the evidence carries them. */
export const sessionFacetsSchema = z.strictObject(facetFields);

export type SessionFacets = z.infer<typeof sessionFacetsSchema>;

export interface FacetBatchSession {
  id: string;
  digest: string;
}

/** Every quote of a facet that cannot be found in its session's digest, as readable problems. */
function findUngroundedQuotes(facets: SessionFacets, digest: string): string[] {
  const quotes = [
    ...facets.friction.map((item) => ({ where: `friction (${item.kind})`, text: item.quote })),
    ...facets.satisfaction_signals.map((item) => ({ where: `signal (${item.signal})`, text: item.quote })),
  ];
  return quotes
    .filter((item) => !isQuoteIn(item.text, digest))
    .map((item) => `${item.where}: "${item.text.slice(0, 120)}" is not in the session's digest`);
}

/**
 * The answer schema of one batch: one entry per session of the batch, its id from the batch (an enum), every
 * quote found in that session's digest.
 */
export function createFacetContract(batch: FacetBatchSession[]) {
  const ids = batch.map((session) => session.id) as [string, ...string[]];
  const digests = new Map(batch.map((session) => [session.id, session.digest]));
  const entry = z.strictObject({ session_id: z.enum(ids), ...facetFields });
  return z.strictObject({ sessions: z.array(entry) }).superRefine((answer, ctx) => {
    const seen = new Set<string>();
    answer.sessions.forEach((session, index) => {
      if (seen.has(session.session_id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sessions', index, 'session_id'],
          message: `Session ${session.session_id} has facets twice; write one entry per session.`,
        });
      }
      seen.add(session.session_id);
      if (session.goal.trim() === '') {
        ctx.addIssue({ code: 'custom', path: ['sessions', index, 'goal'], message: 'The goal is empty.' });
      }
      for (const problem of findUngroundedQuotes(session, digests.get(session.session_id) ?? '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['sessions', index],
          message: `Session ${session.session_id}, ${problem}; quote it word for word or leave the item out.`,
        });
      }
    });
    const missing = ids.filter((id) => !seen.has(id));
    if (missing.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessions'],
        message: `No facets for session(s) ${missing.join(', ')}; write one entry for every session.`,
      });
    }
  });
}

/** One entry of a batch answer checked on its own, so a bad entry does not cost the good ones. */
export function checkFacetEntry(value: unknown, batch: FacetBatchSession[]): SessionFacets | null {
  const parsed = z.strictObject({ session_id: z.string(), ...facetFields }).safeParse(value);
  if (!parsed.success) return null;
  const { session_id: id, ...facets } = parsed.data;
  const session = batch.find((s) => s.id === id);
  if (!session || facets.goal.trim() === '') return null;
  return findUngroundedQuotes(facets, session.digest).length === 0 ? facets : null;
}
