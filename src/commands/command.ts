export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Values by long flag name (`codex-home`, `no-open`), already parsed and checked; positionals in order. */
interface ParsedArgs {
  values: Record<string, unknown>;
  positionals: string[];
}

/** One CLI command's work: flags → core call → output. Errors are thrown and printed by cli.ts alone. */
export interface Command {
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}

/** A flag as `--help` shows it; `parse` turns its text into the value (a UsageError refuses it). */
export interface OptionSpec {
  /** e.g. `--days <N>`, `-y, --yes`, `--no-open`. */
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
  required?: boolean;
  /** Long name of a flag this one cannot be given with. */
  conflicts?: string;
}

/** How the CLI lists a command, reads its argv and shows its help, before loading its module. */
export interface CommandSpec {
  /** Words that select it, e.g. `sessions list`. */
  name: string;
  summary: string;
  /** Required positionals, e.g. `ID`. */
  arguments?: { name: string; description: string; parse?: (value: string) => unknown }[];
  options: OptionSpec[];
  examples?: string[];
  load(): Promise<Command>;
}

/** A word that groups commands (`sessions`, `insights`, `proposals`). */
export interface GroupSpec {
  name: string;
  summary: string;
}
