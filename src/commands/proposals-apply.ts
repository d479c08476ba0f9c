import { resolve } from 'node:path';
import { resolveStateDir } from '../config.js';
import { applyProposal } from '../workflows/apply/apply.js';
import { readProposalView } from '../workflows/apply/review.js';
import { resolveRepoRoot } from '../workflows/workspace.js';
import type { Command } from './command.js';
import { formatProposal } from './proposal-output.js';
import { terminalText } from './terminal-text.js';

export const proposalsApplyCommand: Command = {
  async run({ values, positionals }, io) {
    const id = positionals[0]!;
    const repoRoot = await resolveRepoRoot(resolve(io.cwd, (values.repo as string | undefined) ?? '.'));
    const place = { repoRoot, stateDir: resolveStateDir(io.env) };
    if (values.yes !== true) {
      const view = await readProposalView(place, id);
      io.stdout.write(
        terminalText(view.diff.endsWith('\n') || view.diff === '' ? view.diff : `${view.diff}\n`),
      );
      io.stdout.write(terminalText(`\n${formatProposal(view)}`));
      io.stdout.write(`Nothing was changed. To apply it: codex-retro proposals apply ${id} --yes\n`);
      return view.can_apply ? 0 : 1;
    }
    const result = await applyProposal(place, id, { confirm: true });
    io.stdout.write(`Applied ${id}: ${result.files_changed.join(', ')}\n`);
    return 0;
  },
};
