import { artifactId, ID_PATTERNS } from '../ids.js';
import type { RunMode } from '../workflows/deps.js';
import type { Command } from './command.js';
import { formatProposal } from './proposal-output.js';
import { announceRun, openWorkspaceFromFlags, resolveSessionFlag, waitForJob } from './run-options.js';
import { terminalText } from './terminal-text.js';

export const proposalsRunCommand: Command = {
  async run({ values }, io) {
    const mode = values.mode as RunMode | undefined;
    const workspace = await openWorkspaceFromFlags(values, io);
    try {
      const sessionId = await resolveSessionFlag(workspace, values.session as string);
      // `insights list` shows an insight by its time; with the session it names the artifact.
      const insight = values.insight as string;
      const insightId = ID_PATTERNS.timestamp.test(insight) ? artifactId(sessionId, insight) : insight;
      const started = await workspace.orchestrator.startProposal({
        session_id: sessionId,
        insight_artifact_id: insightId,
        mode,
        prompt: (values.prompt as string | undefined) ?? null,
        model: (values.model as string | undefined) ?? null,
      });
      announceRun(io, `Generating a read-only proposal for ${sessionId}`, mode, started);
      await waitForJob(workspace, started.job_id, io);
      const view = await workspace.orchestrator.readProposal(started.proposal_id);
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify({ ...view, job_id: started.job_id }, null, 2)}\n`);
      } else {
        io.stdout.write(terminalText(formatProposal(view)));
        io.stdout.write(`Review it with: codex-retro proposals apply ${view.proposal_id}\n`);
      }
      return 0;
    } finally {
      workspace.close();
    }
  },
};
