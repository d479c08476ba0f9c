import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { RetroError } from '../errors.js';
import type { InsightEvidence } from './evidence.js';
import { groundingFactsOf } from './grounding.js';
import type { ReportFiles } from './paths.js';
import {
  createWriterContract,
  findEmptySection,
  findMissingSection,
  type Insights,
} from './writer-contract.js';

/** The seed's way out when the insight JSON is unusable. */
export const REPAIR_STEPS =
  'Open INSIGHT_PROMPT.md, ask Codex to repair the JSON shape, save insights.generated.json, and rerun `codex-retro report --render-only`.';

async function readJson(path: string, what: string, missingHint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RetroError('report_file_missing', `${what} not found at ${path}. ${missingHint}`, {
        status: 404,
      });
    }
    throw new RetroError(
      'report_file_unreadable',
      `${what} at ${path} could not be read: ${(error as Error).message}.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RetroError(
      'report_file_invalid',
      `${what} at ${path} is not valid JSON (${(error as Error).message}). ${what === 'insights.generated.json' ? REPAIR_STEPS : missingHint}`,
      { status: 422 },
    );
  }
}

const evidenceShape = z.looseObject({
  schema_version: z.literal(2),
  generated_at: z.string(),
  user_name: z.string(),
  window: z.looseObject({ since: z.string(), until: z.string(), days: z.number(), time_zone: z.string() }),
  coverage: z.looseObject({ sessions_analyzed: z.number(), thin_evidence: z.boolean() }),
  metrics: z.looseObject({}),
  facet_summary: z.looseObject({}),
  sessions: z.array(z.looseObject({ id: z.string() })),
  limitations: z.array(z.string()),
});

/** Reads `insight-evidence.json` as this version wrote it; anything else is a clear failure. */
export async function loadEvidence(files: ReportFiles): Promise<InsightEvidence> {
  const hint = 'Run `codex-retro report --prepare-only` (or a full `codex-retro report`) first.';
  const value = await readJson(files.evidence, 'insight-evidence.json', hint);
  if (!evidenceShape.safeParse(value).success) {
    throw new RetroError(
      'report_file_invalid',
      `insight-evidence.json at ${files.evidence} is not an evidence bundle this version of codex-retro wrote. ${hint}`,
      { status: 422 },
    );
  }
  return value as InsightEvidence;
}

/**
 * Checks an answer against the writer contract and says what is wrong in one line: the missing or
 * empty section by name, else the first schema problem.
 */
export function validateInsights(value: unknown, evidence: InsightEvidence): Insights {
  const missing = findMissingSection(value);
  if (missing) {
    throw new RetroError(
      'insights_section_missing',
      `insights.generated.json lacks the required section "${missing}". ${REPAIR_STEPS}`,
      {
        status: 422,
        details: { section: missing },
      },
    );
  }
  const empty = findEmptySection(value as Record<string, unknown>);
  if (empty) {
    throw new RetroError(
      'insights_section_empty',
      `insights.generated.json has an empty required section "${empty}". ${REPAIR_STEPS}`,
      {
        status: 422,
        details: { section: empty },
      },
    );
  }
  const parsed = createWriterContract(groundingFactsOf(evidence)).safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const described = issues
      .slice(0, 3)
      .map(
        (issue) =>
          `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message.replace(/\.$/, '')}`,
      )
      .join('; ');
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    throw new RetroError(
      'insights_invalid',
      `insights.generated.json does not hold up against the evidence: ${described}${more}. ${REPAIR_STEPS}`,
      { status: 422, details: { problems: issues.map((issue) => issue.message) } },
    );
  }
  return parsed.data;
}

/** Reads and validates `insights.generated.json` against the evidence it was written from. */
export async function loadInsights(files: ReportFiles, evidence: InsightEvidence): Promise<Insights> {
  const value = await readJson(
    files.insights,
    'insights.generated.json',
    `Run \`codex-retro report\` to have Codex write it, or after \`--prepare-only\` ask Codex to read INSIGHT_PROMPT.md and save its JSON answer there, then rerun with \`--render-only\`.`,
  );
  return validateInsights(value, evidence);
}
