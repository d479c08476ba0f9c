import { dirname } from 'node:path';
import { runCodex } from '../codex/index.js';
import { isRetroError, RetroError } from '../errors.js';
import { recordOwnThread } from '../sessions/own-threads.js';
import type { InsightEvidence } from './evidence.js';
import { REPAIR_STEPS, validateInsights } from './load-report-files.js';
import type { ReportFiles } from './paths.js';
import { writeReportFile } from './write-files.js';
import { collectCitedSessionIds, createWriterContract, type Insights } from './writer-contract.js';

export interface GenerateOptions {
  evidence: InsightEvidence;
  prompt: string;
  files: ReportFiles;
  runDir: string;
  codexHome: string;
  codexBin: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  model?: string;
  timeoutMs?: number;
}

/** The seed's way on without a working Codex CLI; this run already wrote what `--prepare-only` would. */
function describePreparePath(files: ReportFiles): string {
  return `Use \`--prepare-only\` to stop before Codex; the evidence and prompt are already in ${dirname(files.prompt)}: ask Codex in a session of yours to read INSIGHT_PROMPT.md and write insights.generated.json there, then rerun with \`--render-only\`.`;
}

function childEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
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

/** Names the section when the rejected answer is JSON whose problem is a missing or empty section. */
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
 * Step 5–6: `codex exec --sandbox read-only` with the prompt on stdin and the writer contract as
 * `--output-schema`; one repair attempt happens in the runner. Every failure says what to do next.
 */
export async function generateInsights(options: GenerateOptions): Promise<Insights> {
  const contract = createWriterContract(collectCitedSessionIds(options.evidence));
  try {
    const result = await runCodex<Insights>({
      mode: 'new',
      prompt: options.prompt,
      schema: contract,
      cwd: options.runDir,
      codexHome: options.codexHome,
      codexBin: options.codexBin,
      env: childEnv(options.env),
      ...(options.model ? { model: options.model } : {}),
      sandbox: 'read-only',
      skipGitRepoCheck: true,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    await recordOwnThread(options.stateDir, result.threadId, { kind: 'report', run_dir: options.runDir });
    if (result.answer === undefined) {
      throw new RetroError('codex_invalid_answer', `Codex gave no usable answer. ${REPAIR_STEPS}`);
    }
    return result.answer;
  } catch (error) {
    if (!isRetroError(error)) throw error;
    const threadId = error.details?.thread_id;
    if (typeof threadId === 'string') {
      await recordOwnThread(options.stateDir, threadId, { kind: 'report', run_dir: options.runDir }).catch(
        () => {},
      );
    }
    if (error.code === 'codex_not_found' || error.code === 'codex_too_old') {
      throw new RetroError(error.code, `${error.message} ${describePreparePath(options.files)}`, {
        status: error.status,
        cause: error,
      });
    }
    if (error.code === 'codex_invalid_answer') {
      const saved = await saveRejected(options, error);
      const problem = error.details?.second_problem ?? error.details?.first_problem;
      const section =
        describeRejection(lastAnswer(error.details), options.evidence) ??
        (typeof problem === 'string' ? (problem.split('\n')[0] ?? null) : null);
      throw new RetroError(
        'codex_invalid_answer',
        `Codex returned invalid JSON twice${section ? ` (${section})` : ''}; its answer is saved in ${saved}. ${REPAIR_STEPS}`,
        { status: 502, cause: error, details: error.details },
      );
    }
    throw error;
  }
}
