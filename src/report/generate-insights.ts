import { dirname } from 'node:path';
import { isRetroError, RetroError } from '../errors.js';
import type { InsightEvidence } from './evidence.js';
import { groundingFactsOf } from './grounding.js';
import { REPAIR_STEPS, validateInsights } from './load-report-files.js';
import type { ReportFiles } from './paths.js';
import { type ReportCodexOptions, runReportCodex } from './report-codex.js';
import { writeReportFile } from './write-files.js';
import { createWriterContract, type Insights } from './writer-contract.js';

export interface GenerateOptions {
  evidence: InsightEvidence;
  prompt: string;
  files: ReportFiles;
  runDir: string;
  codex: ReportCodexOptions;
}

/**
 * What to do when Codex could not answer: the evidence and prompt are on disk already, so the person can
 * retry, or have Codex in a session of theirs write the answer and render it.
 */
function describeNextSteps(files: ReportFiles): string {
  return `The evidence and prompt are already written in ${dirname(files.prompt)}: run \`codex-retro report\` again to retry, or ask Codex in a session of yours to read INSIGHT_PROMPT.md and save its JSON answer as insights.generated.json there, then run \`codex-retro report --render-only\`.`;
}

/** The seed's way on without a working Codex CLI; this run already wrote what `--prepare-only` would. */
function describePreparePath(files: ReportFiles): string {
  return `Use \`--prepare-only\` to stop before Codex; the evidence and prompt are already in ${dirname(files.prompt)}: ask Codex in a session of yours to read INSIGHT_PROMPT.md and write insights.generated.json there, then rerun with \`--render-only\`.`;
}

/** The last answer Codex gave, from the runner's error details (the repair attempt's, when there was one). */
function lastAnswer(details: Record<string, unknown> | undefined): string | null {
  for (const key of ['second_answer', 'first_answer']) {
    const value = details?.[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
}

async function saveRejected(options: GenerateOptions, error: RetroError): Promise<string> {
  const answer = lastAnswer(error.details);
  const record = {
    error: { code: error.code, message: error.message },
    answer,
    details: error.details ?? null,
  };
  await writeReportFile(options.files.rejected, options.runDir, `${JSON.stringify(record, null, 2)}\n`);
  return options.files.rejected;
}

/** What is wrong with the rejected answer, in the words `--render-only` would use, when it is JSON. */
function describeRejection(answer: string | null, evidence: InsightEvidence): string | null {
  if (!answer) return null;
  try {
    validateInsights(JSON.parse(answer), evidence);
    return null;
  } catch (error) {
    if (!isRetroError(error)) return null;
    return error.message.replace(` ${REPAIR_STEPS}`, '').replace('insights.generated.json', 'Codex’s answer');
  }
}

/**
 * A Codex run that failed outright (not installed, model down, timeout, not logged in), told with the way on:
 * the evidence and prompt are already written. `lead` says which step failed.
 */
export function addNextSteps(error: RetroError, files: ReportFiles, lead = ''): RetroError {
  const noCodex = error.code === 'codex_not_found' || error.code === 'codex_too_old';
  return new RetroError(
    error.code,
    `${lead}${error.message} ${noCodex ? describePreparePath(files) : describeNextSteps(files)}`,
    { status: error.status, cause: error, ...(error.details ? { details: error.details } : {}) },
  );
}

/** Turns a failed run into the error a person can act on; the run's own words stay in front. */
async function explainFailure(error: RetroError, options: GenerateOptions): Promise<RetroError> {
  if (error.code === 'codex_cancelled') return error;
  if (error.code === 'codex_invalid_answer') {
    const saved = await saveRejected(options, error);
    const problem = error.details?.second_problem ?? error.details?.first_problem;
    const reason =
      describeRejection(lastAnswer(error.details), options.evidence) ??
      (typeof problem === 'string' ? (problem.split('\n')[0] ?? null) : null);
    return new RetroError(
      'codex_invalid_answer',
      `Codex returned invalid JSON twice${reason ? ` (${reason})` : ''}; its answer is saved in ${saved}. ${REPAIR_STEPS}`,
      { status: 502, cause: error, details: error.details },
    );
  }
  return addNextSteps(error, options.files);
}

/**
 * Step 5–6: `codex exec --sandbox read-only` with the prompt on stdin and the writer contract as
 * `--output-schema`, grounded in this evidence; an answer that does not hold up gets the one repair attempt,
 * with the reasons. Every failure says what to do next.
 */
export async function generateInsights(options: GenerateOptions): Promise<Insights> {
  try {
    const { answer } = await runReportCodex(options.codex, {
      prompt: options.prompt,
      schema: createWriterContract(groundingFactsOf(options.evidence)),
      cwd: options.runDir,
      kind: 'report',
    });
    return answer;
  } catch (error) {
    if (!isRetroError(error)) throw error;
    throw await explainFailure(error, options);
  }
}
