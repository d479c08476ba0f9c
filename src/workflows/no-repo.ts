import { RetroError } from '../errors.js';
import { DEFAULT_INSIGHTS_PROMPT } from '../insights/prompt.js';
import { decideContinuation, readContinuation } from './continuation.js';
import type { Orchestrator } from './orchestrator.js';

function noRepo(): RetroError {
  return new RetroError(
    'no_repo',
    'No repository is open: insights and proposals are stored in, and change, a git repository. Start codex-retro serve again with --repo DIR (the repository whose .codex/skills and AGENTS.md you want to improve).',
    { status: 409 },
  );
}

const refuse = async (): Promise<never> => {
  throw noRepo();
};

/**
 * The workflows of a server started without a repository (`serve` outside one, or `--no-repo`): browsing works,
 * lists are empty, and every run or read says which repository it needs instead of guessing one.
 */
export function refuseWithoutRepo(codexHome: string | null = null): Orchestrator {
  return {
    defaultInsightsPrompt: DEFAULT_INSIGHTS_PROMPT,
    // What Codex can do with a session is still worth showing: it needs the Codex home, not a repository.
    describeContinuation: async (metadata) =>
      codexHome === null ? decideContinuation(metadata, null) : readContinuation(codexHome, metadata),
    startInsights: refuse,
    listInsights: async () => ({ artifacts: [], unreadable: 0 }),
    readInsight: refuse,
    startProposal: refuse,
    listProposals: async () => [],
    readProposal: refuse,
    applyProposal: refuse,
    revertProposal: refuse,
  };
}
