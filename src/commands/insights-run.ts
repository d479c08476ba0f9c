import { type Command, sharedOptions } from './command.js';
import {
  modelOption,
  modeOption,
  openWorkspaceFromFlags,
  readMode,
  requireOption,
  waitForJob,
  workflowOptions,
} from './run-options.js';
import { terminalText } from './terminal-text.js';

export const insightsRunCommand: Command = {
  usage: '--session ID [--mode fork|resume] [--prompt TEXT] [--repo DIR] [--json]',
  options: {
    session: { type: 'string', description: 'Codex session id (see sessions list)', valueName: 'ID' },
    mode: modeOption,
    prompt: {
      type: 'string',
      description: 'Your own insights prompt instead of the default',
      valueName: 'TEXT',
    },
    model: modelOption,
    ...workflowOptions,
    ...sharedOptions,
  },
  async run({ values }, io) {
    const sessionId = requireOption(values, 'session');
    const mode = readMode(values.mode);
    const workspace = await openWorkspaceFromFlags(values, io);
    try {
      const started = await workspace.orchestrator.startInsights({
        session_id: sessionId,
        mode,
        prompt: (values.prompt as string | undefined) ?? null,
        model: (values.model as string | undefined) ?? null,
      });
      io.stderr.write(`Running insights on ${sessionId} (${mode}) as ${started.job_id}…\n`);
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
