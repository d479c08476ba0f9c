import { resolve } from 'node:path';
import { resolveCodexHome } from '../config.js';
import { installSkill, launcherScript } from '../report/skill/install-skill.js';
import type { Command } from './command.js';

export const skillInstallCommand: Command = {
  usage: '[--codex-home DIR] [--codex-bin PATH] [--force]',
  options: {
    'codex-home': {
      type: 'string',
      description: 'Codex home to install into (else $CODEX_HOME, else ~/.codex)',
      valueName: 'DIR',
    },
    'codex-bin': {
      type: 'string',
      description: 'codex executable the report should run (else $CODEX_BIN, else codex on PATH)',
      valueName: 'PATH',
    },
    force: {
      type: 'boolean',
      description: 'Replace an insight-report skill codex-retro did not write (it is kept as a backup)',
    },
  },
  async run({ values }, io) {
    const codexHome = resolveCodexHome(values['codex-home'] as string | undefined, io.env);
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
    io.stdout.write(
      `${result.action === 'installed' ? 'Installed' : result.action === 'updated' ? 'Updated' : 'Replaced'} the insight-report skill: ${result.file}\nAsk Codex to "generate my weekly insights report"; a new Codex session picks it up.\n`,
    );
    return 0;
  },
};
