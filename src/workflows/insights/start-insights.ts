import { artifactId, compactTimestamp } from '../../ids.js';
import { type InsightArtifactRecord, writeInsightArtifact } from '../../insights/artifacts.js';
import { checkEvidence } from '../../insights/evidence.js';
import { buildInsightsPrompt, DEFAULT_INSIGHTS_PROMPT } from '../../insights/prompt.js';
import { renderInsightsMarkdown } from '../../insights/render.js';
import { insightAnswerSchema } from '../../insights/schema.js';
import { redactText } from '../../redact/index.js';
import { type PlannedMode, planRunMode } from '../continuation.js';
import type { RunMode, WorkflowDeps } from '../deps.js';
import { refuseUnsafeRun, runCodexForJob } from '../run-codex-job.js';
import { loadSession } from '../session.js';
import { digestTranscript, listEntryRefs } from '../transcript-digest.js';

export interface InsightsRequest {
  session_id: string;
  prompt?: string | null;
  mode?: RunMode | null;
  model?: string | null;
  sandbox?: 'read-only' | 'workspace-write' | null;
  approval?: string | null;
}

const CONTINUED_RUN_BUDGET = 24_000;
const DIGEST_RUN_BUDGET = 48_000;

let lastArtifactMs = 0;

/** Artifact files are named by the millisecond: two runs started in the same one get distinct names. */
function nextArtifactTime(now: Date): Date {
  lastArtifactMs = Math.max(now.getTime(), lastArtifactMs + 1);
  return new Date(lastArtifactMs);
}

/**
 * Workflow A: submits a job that runs Codex on the session (fork by default, so the original is left as it
 * was; a digest run where Codex cannot continue the session), checks the answer against the insights schema and writes `<timestamp>.json` and `.md` under
 * `.codex-orchestrator/insights/<session_id>/`. Returns at once with the job and the artifact id to come.
 */
export async function startInsights(
  deps: WorkflowDeps,
  request: InsightsRequest,
): Promise<{ job_id: string; insight_artifact_id: string } & PlannedMode> {
  const detail = await loadSession(deps, request.session_id);
  const sandbox = request.sandbox ?? 'read-only';
  refuseUnsafeRun(sandbox, request.approval ?? null, deps.allowWriteSandbox ?? false);
  const { mode, mode_reason } = await planRunMode(deps.codexHome, detail.metadata, request.mode);
  const createdAt = nextArtifactTime((deps.now ?? (() => new Date()))());
  const id = artifactId(detail.id, compactTimestamp(createdAt));
  const userPrompt = redactText(request.prompt?.trim() || DEFAULT_INSIGHTS_PROMPT);
  // A digest run sees the session only through the digest, so it gets a larger one.
  const digest = digestTranscript(detail, mode === 'digest' ? DIGEST_RUN_BUDGET : CONTINUED_RUN_BUDGET);
  const prompt = buildInsightsPrompt(userPrompt, redactText(digest), { digestOnly: mode === 'digest' });
  const model = request.model ?? null;

  const job = deps.jobs.submit({
    kind: 'insights',
    session_id: detail.id,
    mode,
    prompts: [prompt],
    model,
    sandbox,
    approval: request.approval ?? null,
    config: {
      insight_artifact_id: id,
      repo_root: deps.repoRoot,
      codex_home: deps.codexHome,
      mode_reason,
    },
    ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }),
    run: async (ctx) => {
      const {
        answer: raw,
        threadId,
        repaired,
      } = await runCodexForJob(deps, ctx, {
        mode,
        sessionId: detail.id,
        sessionPath: detail.metadata.path,
        prompt,
        schema: insightAnswerSchema,
        model,
        sandbox,
        approval: request.approval,
        retry: 'run insights again',
      });
      // A citation of an entry the transcript does not have is dropped before anything is written.
      const { answer, evidence } = checkEvidence(raw, listEntryRefs(detail));
      const record: InsightArtifactRecord = {
        artifact_id: id,
        session_id: detail.id,
        created_at: createdAt.toISOString(),
        job_id: ctx.jobId,
        mode,
        mode_reason,
        model,
        prompt: userPrompt,
        codex_thread_id: threadId,
        evidence,
        insights: answer,
      };
      const markdown = renderInsightsMarkdown(answer, {
        sessionId: detail.id,
        title: redactText(detail.metadata.title),
        createdAt: record.created_at,
        mode,
      });
      await writeInsightArtifact(deps.repoRoot, record, markdown);
      ctx.log({ type: 'artifact.written', insight_artifact_id: id });
      return { insight_artifact_id: id, codex_thread_id: threadId, repaired };
    },
  });
  return { job_id: job.job_id, insight_artifact_id: id, mode, mode_reason };
}
