import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  description: string;
  valueName?: string;
};

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** How the CLI lists a command and picks it from argv, before loading its module. */
export interface CommandEntry {
  /** Words that select it, e.g. `sessions list`. */
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** One CLI command: flags → core call → output. Errors are thrown (RetroError) and printed by cli.ts alone. */
export interface Command {
  /** Usage after the command name, e.g. `ID [--json]`. */
  usage?: string;
  options: Record<string, OptionSpec>;
  /** Names of positionals, for help and arity checks. */
  positionals?: { name: string; required: boolean }[];
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}

/** Options every command that reads Codex data accepts. */
export const sharedOptions = {
  'codex-home': {
    type: 'string',
    description: 'Codex home directory (else $CODEX_HOME, else ~/.codex)',
    valueName: 'DIR',
  },
  'codex-bin': {
    type: 'string',
    description: 'codex executable (else $CODEX_BIN, else codex)',
    valueName: 'PATH',
  },
} satisfies Record<string, OptionSpec>;
