import { resolveCodexHome } from '../config.js';
import { uninstallSkill } from '../report/skill/install-skill.js';
import type { Command } from './command.js';

export const skillUninstallCommand: Command = {
  async run({ values }, io) {
    const codexHome = resolveCodexHome(values['codex-home'] as string | undefined, io.env);
    const result = await uninstallSkill(codexHome);
    io.stdout.write(
      result.removed
        ? `Removed the insight-report skill: ${result.file}\n`
        : `No insight-report skill at ${result.file}; nothing to remove.\n`,
    );
    return 0;
  },
};
