import { resolve } from 'node:path';
import { resolveCacheDir, resolveCodexBin, resolveCodexHome, resolveStateDir } from '../config.js';
import { openInBrowser, resolveUserName } from '../report/environment.js';
import { resolveUsageDir, usageDirSource } from '../report/paths.js';
import { runReport } from '../report/run-report.js';
import { resolveOtelDir } from '../report/telemetry.js';
import { resolveWindow } from '../report/window.js';
import type { Command } from './command.js';
import { withInterrupt } from './interrupt.js';
import { assertWindowOrder } from './option-values.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export const reportCommand: Command = {
  async run({ values }, io) {
    const since = values.since as Date | undefined;
    const until = values.until as Date | undefined;
    assertWindowOrder(since, until);
    const now = new Date();
    const codexHome = resolveCodexHome(text(values['codex-home']), io.env);
    const usageDir = resolveUsageDir(io.env, codexHome);
    const project = text(values.project);
    const options = {
      mode: values['prepare-only'] ? 'prepare-only' : values['render-only'] ? 'render-only' : 'full',
      usageDir,
      usageDirSource: usageDirSource(io.env),
      codexHome,
      codexBin: resolveCodexBin(text(values['codex-bin']), io.env),
      cacheDir: resolveCacheDir(io.env),
      stateDir: resolveStateDir(io.env),
      env: io.env,
      window: resolveWindow({
        ...(values.days === undefined ? {} : { days: String(values.days) }),
        ...(since ? { since: since.toISOString() } : {}),
        ...(until ? { until: until.toISOString() } : {}),
        now,
      }),
      ...(project ? { project: resolve(io.cwd, project) } : {}),
      otelDir: resolveOtelDir(text(values['otel-dir']), io.env),
      userName: await resolveUserName(text(values['user-name']), io.cwd, io.env),
      ...(text(values.model) ? { model: text(values.model) } : {}),
      now,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
      log: (line: string) => io.stderr.write(`${line}\n`),
    } as const;
    const result = await withInterrupt(io, 'the report and every Codex process it started', (signal) =>
      runReport({ ...options, signal }),
    );
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
