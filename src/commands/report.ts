import { resolve } from 'node:path';
import { resolveCacheDir, resolveCodexBin, resolveCodexHome, resolveStateDir } from '../config.js';
import { RetroError } from '../errors.js';
import { openInBrowser, resolveUserName } from '../report/environment.js';
import { resolveUsageDir } from '../report/paths.js';
import { runReport } from '../report/run-report.js';
import { resolveOtelDir } from '../report/telemetry.js';
import { resolveWindow } from '../report/window.js';
import { type Command, sharedOptions } from './command.js';

function text(value: string | boolean | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export const reportCommand: Command = {
  usage: '[--days N] [--prepare-only | --render-only] [--no-open] [--user-name NAME] [--model M]',
  options: {
    days: { type: 'string', description: 'Days to look back (default 7)', valueName: 'N' },
    since: { type: 'string', description: 'Start of the window (YYYY-MM-DD or ISO time)', valueName: 'DATE' },
    until: {
      type: 'string',
      description: 'End of the window, inclusive (YYYY-MM-DD or ISO time)',
      valueName: 'DATE',
    },
    project: {
      type: 'string',
      description: 'Only sessions run in this directory or below',
      valueName: 'DIR',
    },
    'otel-dir': {
      type: 'string',
      description: 'OpenTelemetry collector output (default ~/.agents/otel-collector)',
      valueName: 'DIR',
    },
    'user-name': {
      type: 'string',
      description: 'Who the report speaks to (else git user.name)',
      valueName: 'NAME',
    },
    model: { type: 'string', description: 'Model for codex exec', valueName: 'M' },
    'prepare-only': { type: 'boolean', description: 'Write the evidence and INSIGHT_PROMPT.md, then stop' },
    'render-only': { type: 'boolean', description: 'Render report.html from the existing JSON files' },
    'no-open': { type: 'boolean', description: 'Do not open the report in a browser' },
    ...sharedOptions,
  },
  async run({ values }, io) {
    if (values['prepare-only'] && values['render-only']) {
      throw new RetroError('invalid_flags', 'Use either --prepare-only or --render-only, not both.', {
        status: 400,
      });
    }
    const now = new Date();
    const codexHome = resolveCodexHome(text(values['codex-home']), io.env);
    const usageDir = resolveUsageDir(io.env, codexHome);
    const project = text(values.project);
    const result = await runReport({
      mode: values['prepare-only'] ? 'prepare-only' : values['render-only'] ? 'render-only' : 'full',
      usageDir,
      codexHome,
      codexBin: resolveCodexBin(text(values['codex-bin']), io.env),
      cacheDir: resolveCacheDir(io.env),
      stateDir: resolveStateDir(io.env),
      env: io.env,
      window: resolveWindow({
        days: text(values.days),
        since: text(values.since),
        until: text(values.until),
        now,
      }),
      ...(project ? { project: resolve(io.cwd, project) } : {}),
      otelDir: resolveOtelDir(text(values['otel-dir']), io.env),
      userName: await resolveUserName(text(values['user-name']), io.cwd, io.env),
      ...(text(values.model) ? { model: text(values.model) } : {}),
      now,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      log: (line) => io.stderr.write(`${line}\n`),
    });
    if (!result.reportUrl) {
      io.stdout.write(
        [
          `Evidence: ${result.files.evidence}`,
          `Prompt:   ${result.files.prompt}`,
          'Next: ask Codex to read INSIGHT_PROMPT.md and save its JSON answer as',
          `      ${result.files.insights}`,
          '      then run `codex-retro report --render-only`.',
          '',
        ].join('\n'),
      );
      return 0;
    }
    io.stdout.write(`Report: ${result.files.html}\nREPORT_URL=${result.reportUrl}\n`);
    if (!values['no-open']) {
      const problem = await openInBrowser(result.reportUrl, io.env);
      if (problem) io.stderr.write(`No browser opened (${problem}); open the REPORT_URL above yourself.\n`);
    }
    return 0;
  },
};
