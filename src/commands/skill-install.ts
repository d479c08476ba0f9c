import { resolve } from 'node:path';
import { resolveCodexHome } from '../config.js';
import { installSkill, launcherScript } from '../report/skill/install-skill.js';
import type { Command } from './command.js';

export const skillInstallCommand: Command = {
  async run({ values }, io) {
    const codexHome = resolveCodexHome(values['codex-home'] as string | undefined, io.env);
    // The codex the report should run: the one named here, else $CODEX_BIN, else `codex` on PATH when it runs.
    const codexBin = (values['codex-bin'] as string | undefined) || io.env.CODEX_BIN;
    const result = await installSkill(
      codexHome,
      {
        node: process.execPath,
        script: launcherScript(),
        codexHome,
        // A path is made absolute; a bare name is left to PATH, as the person gave it.
        ...(codexBin ? { codexBin: codexBin.includes('/') ? resolve(io.cwd, codexBin) : codexBin } : {}),
      },
      { force: values.force === true, now: new Date() },
    );
    if (result.backup) io.stdout.write(`Your own skill was moved to ${result.backup}.\n`);
    const done = { installed: 'Installed', updated: 'Updated', replaced: 'Replaced' }[result.action];
    io.stdout.write(
      `${done} the insight-report skill: ${result.file}\nAsk Codex to "generate my weekly insights report"; a new Codex session picks it up.\n`,
    );
    return 0;
  },
};
