import { listInsightArtifacts, readInsightArtifact } from '../insights/artifacts.js';
import { DEFAULT_INSIGHTS_PROMPT } from '../insights/prompt.js';
import { type ProposalRequest, startProposal } from '../proposals/generate.js';
import type { WorkflowDeps } from './deps.js';
import { type InsightsRequest, startInsights } from './insights.js';
import { applyProposalNow, listProposalViews, readProposalView, revertProposalNow } from './proposals.js';

/**
 * The one code path behind both the HTTP API and the CLI twins (`insights run`, `proposals run`,
 * `proposals apply`): workflows A, B and C bound to one repository and one Codex home.
 */
export function createOrchestrator(deps: WorkflowDeps) {
  const { repoRoot } = deps;
  return {
    repoRoot,
    defaultInsightsPrompt: DEFAULT_INSIGHTS_PROMPT,
    startInsights: (request: InsightsRequest) => startInsights(deps, request),
    listInsights: (sessionId: string) => listInsightArtifacts(repoRoot, sessionId),
    readInsight: (artifactId: string) => readInsightArtifact(repoRoot, artifactId),
    startProposal: (request: ProposalRequest) => startProposal(deps, request),
    listProposals: (sessionId: string | undefined) => listProposalViews(repoRoot, sessionId),
    readProposal: (proposalId: string) => readProposalView(repoRoot, proposalId),
    applyProposal: (proposalId: string, confirm: boolean) => applyProposalNow(repoRoot, proposalId, confirm),
    revertProposal: (proposalId: string, confirm: boolean) =>
      revertProposalNow(repoRoot, proposalId, confirm),
  };
}

export type Orchestrator = ReturnType<typeof createOrchestrator>;
