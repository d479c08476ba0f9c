import { type Command, sharedOptions } from './command.js';
import { formatProposal } from './proposal-output.js';
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

export const proposalsRunCommand: Command = {
  usage: '--session ID --insight ARTIFACT_ID [--mode fork|resume] [--repo DIR] [--json]',
  options: {
    session: { type: 'string', description: 'Codex session id', valueName: 'ID' },
    insight: {
      type: 'string',
      description: 'Insight artifact id (from insights run)',
      valueName: 'ARTIFACT_ID',
    },
    mode: modeOption,
    prompt: { type: 'string', description: 'Extra instructions for the proposal', valueName: 'TEXT' },
    model: modelOption,
    'allow-subtree-agents': {
      type: 'boolean',
      description: 'Let the proposal change AGENTS.md files in subdirectories',
    },
    ...workflowOptions,
    ...sharedOptions,
  },
  async run({ values }, io) {
    const sessionId = requireOption(values, 'session');
    const insightId = requireOption(values, 'insight');
    const mode = readMode(values.mode);
    const workspace = await openWorkspaceFromFlags(values, io);
    try {
      const started = await workspace.orchestrator.startProposal({
        session_id: sessionId,
        insight_artifact_id: insightId,
        mode,
        prompt: (values.prompt as string | undefined) ?? null,
        model: (values.model as string | undefined) ?? null,
      });
      io.stderr.write(`Generating a proposal for ${sessionId} (${mode}, read-only) as ${started.job_id}…\n`);
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
