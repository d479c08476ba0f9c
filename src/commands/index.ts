import type { Command } from './command.js';
import { insightsRunCommand } from './insights-run.js';
import { proposalsApplyCommand } from './proposals-apply.js';
import { proposalsRunCommand } from './proposals-run.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';
import { sessionsListCommand } from './sessions-list.js';
import { sessionsShowCommand } from './sessions-show.js';

/** Every CLI command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: Command[] = [
  sessionsListCommand,
  sessionsShowCommand,
  reportCommand,
  serveCommand,
  insightsRunCommand,
  proposalsRunCommand,
  proposalsApplyCommand,
];
