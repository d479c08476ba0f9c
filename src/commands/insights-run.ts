import type { RunMode } from '../workflows/deps.js';
import type { Command } from './command.js';
import { announceRun, openWorkspaceFromFlags, resolveSessionFlag, waitForJob } from './run-options.js';
import { terminalText } from './terminal-text.js';

export const insightsRunCommand: Command = {
  async run({ values }, io) {
    const mode = values.mode as RunMode | undefined;
    const workspace = await openWorkspaceFromFlags(values, io);
    try {
      const sessionId = await resolveSessionFlag(workspace, values.session as string);
      const started = await workspace.orchestrator.startInsights({
        session_id: sessionId,
        mode,
        prompt: (values.prompt as string | undefined) ?? null,
        model: (values.model as string | undefined) ?? null,
      });
      announceRun(io, `Running insights on ${sessionId}`, mode, started);
      await waitForJob(workspace, started.job_id, io);
      const artifact = await workspace.orchestrator.readInsight(started.insight_artifact_id);
      if (values.json === true) {
        const { markdown, insights, ...meta } = artifact;
        io.stdout.write(
          `${JSON.stringify({ ...meta, job_id: started.job_id, markdown, json: insights }, null, 2)}\n`,
        );
      } else {
        io.stdout.write(terminalText(artifact.markdown));
        io.stdout.write(
          `\nSaved as ${artifact.artifact_id} in ${workspace.repoRoot}/.codex-orchestrator/insights/${sessionId}/\n`,
        );
      }
      return 0;
    } finally {
      workspace.close();
    }
  },
};
