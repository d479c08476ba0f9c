import { RetroError } from '../../errors.js';
import { assertId, newProposalId, parseArtifactId } from '../../ids.js';
import type { JobContext } from '../../jobs/index.js';
import { failedOutcome } from '../../jobs/outcome.js';
import { findAllowEntryProblem } from '../../patch/index.js';
import { createProposal, markProposalFailed, saveProposalPlaceholder } from '../../proposals/records.js';
import { redactText } from '../../redact/index.js';
import { type PlannedMode, planRunMode } from '../continuation.js';
import type { RunMode, WorkflowDeps } from '../deps.js';
import { readCheckedInsight } from '../insights/read-insight.js';
import { refuseUnsafeRun, runCodexForJob } from '../run-codex-job.js';
import { loadSession } from '../session.js';
import { digestTranscript } from '../transcript-digest.js';
import { buildProposalPrompt, proposalAnswerSchema } from './proposal-prompt.js';
import { formatRepoContext, readRepoContext } from './repo-context.js';

export interface ProposalRequest {
  session_id: string;
  insight_artifact_id: string;
  prompt?: string | null;
  mode?: RunMode | null;
  model?: string | null;
  /** This proposal may also change AGENTS.md files below the root (default: what the server was started with). */
  allow_subtree_agents?: boolean | null;
  /** Paths beyond `.codex/skills/**` and AGENTS.md this proposal may change: exact, or a folder as `dir/`. */
  allow_paths?: string[] | null;
  /** Only "never" can be honoured (codex exec never asks); recorded as asked. */
  approval?: string | null;
}

/** The person's opt-ins, refused before anything runs when an entry is unsafe (the denylist still holds). */
function readAllowPaths(entries: readonly string[]): string[] {
  const paths = [...new Set(entries.map((entry) => entry.trim()).filter((entry) => entry !== ''))];
  for (const entry of paths) {
    const problem = findAllowEntryProblem(entry);
    if (problem !== null) {
      throw new RetroError(
        'invalid_allow_path',
        `The allowed path "${entry.slice(0, 80)}" is refused: ${problem}.`,
        {
          status: 400,
        },
      );
    }
  }
  return paths;
}

/**
 * Workflow B: a read-only Codex run (fork by default, a digest run where Codex cannot continue the session) that sees the session, the chosen insights and the
 * repository's current AGENTS.md and skills, and answers a unified diff. The diff is stored and validated
 * as a proposal; nothing in the working tree changes here.
 */
export async function startProposal(
  deps: WorkflowDeps,
  request: ProposalRequest,
): Promise<{ job_id: string; proposal_id: string } & PlannedMode> {
  assertId('artifact', request.insight_artifact_id);
  const allowPaths = readAllowPaths(request.allow_paths ?? []);
  refuseUnsafeRun('read-only', request.approval ?? null, false);
  const detail = await loadSession(deps, request.session_id);
  if (parseArtifactId(request.insight_artifact_id).sessionId !== detail.id) {
    throw new RetroError(
      'insight_mismatch',
      `Insights ${request.insight_artifact_id} belong to another session; pick insights of session ${detail.id}.`,
      { status: 400 },
    );
  }
  const { mode, mode_reason } = await planRunMode(deps.codexHome, detail.metadata, request.mode);
  const insight = await readCheckedInsight(deps, request.insight_artifact_id);
  const model = request.model ?? null;
  const subtreeAgents = request.allow_subtree_agents ?? deps.allowSubtreeAgents ?? false;
  const proposalId = newProposalId((deps.now ?? (() => new Date()))());
  const place = { repoRoot: deps.repoRoot, stateDir: deps.stateDir };
  const userPrompt = request.prompt?.trim() ? redactText(request.prompt.trim()) : null;
  const repoContext = await readRepoContext(deps.repoRoot, { subtreeAgents });
  const prompt = buildProposalPrompt({
    userPrompt,
    insightsMarkdown: redactText(insight.markdown),
    repoFiles: formatRepoContext(repoContext),
    // A digest run sees the session only through the digest, so it gets a larger one.
    transcriptDigest: redactText(digestTranscript(detail, mode === 'digest' ? 24_000 : 12_000)),
    digestOnly: mode === 'digest',
    subtreeAgents,
    allowPaths,
  });
  const common = {
    proposal_id: proposalId,
    session_id: detail.id,
    insight_artifact_id: request.insight_artifact_id,
    mode,
    mode_reason,
    prompt,
    model,
    options: { allow_subtree_agents: subtreeAgents, allow_paths: allowPaths },
  };

  // The placeholder names the job, so it is written after submit; the run waits for it so its final
  // meta.json can never be overwritten by the placeholder.
  let placeholderWritten: (error?: unknown) => void = () => {};
  const placeholder = new Promise<void>((resolve, reject) => {
    placeholderWritten = (error) => (error === undefined ? resolve() : reject(error));
  });
  // Codex's answer, stored and validated as the proposal.
  async function answerProposal(ctx: JobContext) {
    const { answer, threadId, repaired } = await runCodexForJob(deps, ctx, {
      mode,
      sessionId: detail.id,
      sessionPath: detail.metadata.path,
      prompt,
      schema: proposalAnswerSchema,
      model,
      sandbox: 'read-only',
      approval: request.approval ?? null,
      retry: 'generate the diff again',
    });
    const meta = await createProposal(place, {
      ...common,
      job_id: ctx.jobId,
      diff: answer.diff,
      summary: answer.summary,
      files_touched: answer.files_touched,
      safety_notes: answer.safety_notes,
      codex_thread_id: threadId,
    });
    ctx.log({
      type: 'proposal.saved',
      proposal_id: proposalId,
      status: meta.status,
      valid: meta.validation?.ok ?? null,
    });
    return {
      proposal_id: proposalId,
      status: meta.status,
      codex_thread_id: threadId,
      repaired,
    };
  }
  const job = deps.jobs.submit({
    kind: 'proposal',
    session_id: detail.id,
    mode,
    prompts: [prompt],
    model,
    sandbox: 'read-only',
    approval: request.approval ?? null,
    config: {
      proposal_id: proposalId,
      insight_artifact_id: request.insight_artifact_id,
      repo_root: deps.repoRoot,
      codex_home: deps.codexHome,
      allow_subtree_agents: subtreeAgents,
      mode_reason,
      allow_paths: allowPaths,
    },
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
    run: async (ctx) => {
      await placeholder;
      try {
        return await answerProposal(ctx);
      } catch (error) {
        // Recorded before the job ends, so whoever sees the job end sees the proposal failed too; a stopped
        // job (cancelled, timed out) is recorded by the watcher below, with the reason the job gives.
        if (!ctx.signal.aborted) {
          const failure = failedOutcome(error).error ?? { code: 'proposal_failed', message: String(error) };
          await markProposalFailed(place, proposalId, failure).catch(() => undefined);
        }
        throw error;
      }
    },
  });
  try {
    await saveProposalPlaceholder(place, { ...common, job_id: job.job_id });
    placeholderWritten();
  } catch (error) {
    placeholderWritten(error);
    throw error;
  }
  // A job can end without its run finishing (cancelled while queued, failed, timed out): the proposal says so.
  void deps.jobs.wait(job.job_id).then(async (record) => {
    if (record.status === 'succeeded') return;
    const error = record.error ?? {
      code: record.status,
      message: `The proposal job ended ${record.status}.`,
    };
    await markProposalFailed(place, proposalId, error).catch(() => undefined);
  });
  return { job_id: job.job_id, proposal_id: proposalId, mode, mode_reason };
}
