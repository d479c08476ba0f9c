import type { Command } from './command.js';
import { sessionsListCommand } from './sessions-list.js';
import { sessionsShowCommand } from './sessions-show.js';

/** Every CLI command, in the order `--help` lists them. Each lives in its own file beside this one. */
export const commands: Command[] = [sessionsListCommand, sessionsShowCommand];
