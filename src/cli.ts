import { readFileSync } from 'node:fs';
import { CommanderError, InvalidArgumentError, Option, Command as Program } from 'commander';
import type { CommandIo, CommandSpec, OptionSpec } from './commands/command.js';
import { commands, globalOptions, groups } from './commands/index.js';
import { isRetroError, UsageError } from './errors.js';

const PROGRAM = 'codex-retro';

/**
 * argv → command; the only place that prints errors and decides the exit code: 0 done, 1 the command failed,
 * 2 the command was given wrongly (unknown command or flag, bad value, missing argument), 70 a bug.
 */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // Help and --version end parsing with a CommanderError too, exit code 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}

function buildProgram(io: CommandIo, setExitCode: (code: number) => void): Program {
  const program = new Program(PROGRAM)
    .description('Look back at, learn from and improve on your Codex sessions, on your own machine.')
    .version(`${PROGRAM} ${readVersion()}`, '-v, --version', 'Print the version')
    .helpOption('-h, --help', 'Show help')
    .helpCommand('help [command]', 'Show help for a command')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride();
  configureOutput(program, io, PROGRAM);
  for (const option of globalOptions) program.addOption(toOption(option));

  // Groups take the place of their first command, so `--help` lists everything in the registry's order.
  const parents = new Map<string, Program>([['', program]]);
  for (const spec of commands) {
    const words = spec.name.split(' ');
    const groupName = words.slice(0, -1).join(' ');
    let parent = parents.get(groupName);
    if (!parent) {
      const group = groups.find((g) => g.name === groupName);
      if (!group) throw new Error(`No group for the command "${spec.name}".`);
      parent = program.command(group.name).summary(group.summary).description(group.summary);
      configureOutput(parent, io, `${PROGRAM} ${group.name}`);
      parents.set(groupName, parent);
    }
    defineCommand(parent.command(words.at(-1)!), spec, io, setExitCode);
  }
  return program;
}

/** A command made with `parent.command()`, so it inherits the program's settings (exit override, help). */
function defineCommand(
  command: Program,
  spec: CommandSpec,
  io: CommandIo,
  setExitCode: (code: number) => void,
): void {
  const path = `${PROGRAM} ${spec.name}`;
  command.summary(spec.summary).description(spec.summary);
  configureOutput(command, io, path);
  for (const arg of spec.arguments ?? []) {
    const argument = command.createArgument(`<${arg.name}>`, arg.description);
    if (arg.parse) argument.argParser(usageChecked(arg.parse));
    command.addArgument(argument);
  }
  for (const option of spec.options) command.addOption(toOption(option));
  if (spec.examples) {
    command.addHelpText('after', `\nExamples:\n${spec.examples.map((line) => `  ${line}`).join('\n')}\n`);
  }
  command.action(async (...args: unknown[]) => {
    const self = args.at(-1) as Program;
    try {
      const run = await spec.load();
      setExitCode(await run.run({ values: readValues(self), positionals: self.processedArgs }, io));
    } catch (error) {
      setExitCode(reportFailure(error, io, path));
    }
  });
}

/** Values by long flag name, global flags included; `--no-open` given reads as `'no-open': true`. */
function readValues(command: Program): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const given = command.optsWithGlobals();
  for (let at: Program | null = command; at; at = at.parent) {
    for (const option of at.options) {
      const name = option.long?.slice(2);
      if (!name || name in values) continue;
      const value = given[option.attributeName()];
      if (option.negate) values[name] = value === false ? true : undefined;
      // `--repo DIR` beside `--no-repo`: false only ever means the negation was given last.
      else values[name] = value === false && (option.required || option.optional) ? undefined : value;
    }
  }
  return values;
}

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.parse) option.argParser(usageChecked(spec.parse));
  if (spec.required) option.makeOptionMandatory();
  if (spec.conflicts) option.conflicts(camelCase(spec.conflicts));
  return option;
}

/** commander names option values in camelCase: `render-only` → `renderOnly`. */
function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A value refused by its parser becomes commander's invalid-argument error, which names the flag. */
function usageChecked(parse: (value: string) => unknown) {
  return (value: string) => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof UsageError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/** commander's messages on one line, named after the command, with where to look next. */
function configureOutput(command: Program, io: CommandIo, path: string): void {
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    getOutHelpWidth: () => helpWidth(io),
    getErrHelpWidth: () => helpWidth(io),
    outputError: (text, write) => {
      const message = text
        .trim()
        .replace(/^error: /, '')
        .replace(/\s*\n\s*/g, ' ')
        .replace(/\(Did you mean (.+)\?\)/, '(did you mean $1?)');
      write(`${path}: ${message}${/[.!]$/.test(message) ? '' : '.'} See \`${path} --help\`.\n`);
    },
  });
}

function helpWidth(io: CommandIo): number {
  return io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80;
}

function reportFailure(error: unknown, io: CommandIo, path: string): number {
  if (error instanceof UsageError) {
    io.stderr.write(`${path}: ${error.message} See \`${path} --help\`.\n`);
    return 2;
  }
  if (isRetroError(error)) {
    io.stderr.write(`${PROGRAM}: ${error.message}\n`);
    return 1;
  }
  io.stderr.write(`${PROGRAM}: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}

function defaultIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
