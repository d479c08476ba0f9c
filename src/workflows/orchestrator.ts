import { createEffectMeter } from '../effect/measure.js';
import { attachEffects } from '../effect/proposal-effect.js';
import { RetroError } from '../errors.js';
import { listInsightArtifacts } from '../insights/artifacts.js';
import { DEFAULT_INSIGHTS_PROMPT } from '../insights/prompt.js';
import type { SessionMetadata } from '../sessions/types.js';
import { applyProposal } from './apply/apply.js';
import { revertProposal } from './apply/revert.js';
import { listProposalViews, readProposalView } from './apply/review.js';
import { readContinuation } from './continuation.js';
import type { WorkflowDeps } from './deps.js';
import { readCheckedInsight } from './insights/read-insight.js';
import { type InsightsRequest, startInsights } from './insights/start-insights.js';
import { type ProposalRequest, startProposal } from './propose/start-proposal.js';

/**
 * The one code path behind both the HTTP API and the CLI twins (`insights run`, `proposals run`,
 * `proposals apply`): workflows A, B and C bound to one repository and one Codex home.
 */
export function createOrchestrator(deps: WorkflowDeps) {
  const { repoRoot } = deps;
  const place = { repoRoot, stateDir: deps.stateDir };
  // One per server: what it measured in a session is kept until the rollout changes.
  const effects = createEffectMeter({ sessions: deps.sessions, stateDir: deps.stateDir, now: deps.now });
  // Codex appends a resumed turn to the session's own rollout: two at once would interleave their lines.
  const resuming = new Map<string, string>();
  async function guardResume<T extends { job_id: string }>(
    sessionId: string,
    mode: string | null | undefined,
    start: () => Promise<T>,
  ): Promise<T> {
    if (mode !== 'resume') return start();
    const busy = resuming.get(sessionId);
    if (busy !== undefined) {
      throw new RetroError(
        'session_busy',
        `Session ${sessionId} is already being resumed (${busy}); wait for that run to finish, or use fork.`,
        { status: 409 },
      );
    }
    resuming.set(sessionId, 'a run that is starting');
    try {
      const started = await start();
      resuming.set(sessionId, `job ${started.job_id}`);
      void deps.jobs.wait(started.job_id).finally(() => resuming.delete(sessionId));
      return started;
    } catch (error) {
      resuming.delete(sessionId);
      throw error;
    }
  }
  return {
    defaultInsightsPrompt: DEFAULT_INSIGHTS_PROMPT,
    /** Whether Codex can fork or resume a session of this Codex home, and the mode a run uses by default. */
    describeContinuation: (metadata: SessionMetadata) => readContinuation(deps.codexHome, metadata),
    startInsights: (request: InsightsRequest) =>
      guardResume(request.session_id, request.mode, () => startInsights(deps, request)),
    listInsights: (sessionId: string) => listInsightArtifacts(repoRoot, sessionId),
    readInsight: (artifactId: string) => readCheckedInsight(deps, artifactId),
    startProposal: (request: ProposalRequest) =>
      guardResume(request.session_id, request.mode, () => startProposal(deps, request)),
    listProposals: async (sessionId: string | undefined) =>
      attachEffects(await listProposalViews(place, sessionId), effects, repoRoot),
    readProposal: async (proposalId: string) =>
      (await attachEffects([await readProposalView(place, proposalId)], effects, repoRoot))[0]!,
    applyProposal: (proposalId: string, confirm: boolean) => applyProposal(place, proposalId, { confirm }),
    revertProposal: (proposalId: string, confirm: boolean) => revertProposal(place, proposalId, { confirm }),
  };
}

export type Orchestrator = ReturnType<typeof createOrchestrator>;
