import { parseArgs } from 'node:util';
import type { Command, CommandEntry, CommandIo } from './commands/command.js';
import { commands } from './commands/index.js';
import { isRetroError } from './errors.js';

const PROGRAM = 'codex-retro';

function formatHelp(entry: CommandEntry, command: Command): string {
  const lines = [
    `Usage: ${PROGRAM} ${entry.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    entry.summary,
    '',
  ];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('Options:');
    const rows = entries.map(([name, spec]) => {
      const flag = `--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
      return [spec.short ? `-${spec.short}, ${flag}` : `    ${flag}`, spec.description] as const;
    });
    rows.push(['    --help', 'Show this help']);
    const width = Math.max(...rows.map(([flag]) => flag.length));
    for (const [flag, description] of rows) lines.push(`  ${flag.padEnd(width)}  ${description}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatOverview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Look back at, learn from and improve on your Codex sessions, on your own machine.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Picks the longest command name that prefixes argv, e.g. `sessions list` before `sessions`. */
function findCommand(argv: string[]): { entry: CommandEntry; rest: string[] } | null {
  let best: { entry: CommandEntry; rest: string[] } | null = null;
  for (const entry of commands) {
    const words = entry.name.split(' ');
    if (
      words.every((word, i) => argv[i] === word) &&
      (!best || words.length > best.entry.name.split(' ').length)
    ) {
      best = { entry, rest: argv.slice(words.length) };
    }
  }
  return best;
}

/** argv → command; the only place that prints errors and decides the exit code. */
export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(formatOverview());
    return argv.length === 0 ? 1 : 0;
  }
  if (argv[0] === '--version') {
    io.stdout.write(`${PROGRAM} ${await readVersion()}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr.write(
      `${PROGRAM}: unknown command "${argv.join(' ')}". Run \`${PROGRAM} --help\` for the list.\n`,
    );
    return 2;
  }
  const { entry, rest } = found;
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(formatHelp(entry, command));
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr.write(
      `${PROGRAM} ${entry.name}: ${(error as Error).message}. See \`${PROGRAM} ${entry.name} --help\`.\n`,
    );
    return 2;
  }
  const expected = command.positionals ?? [];
  const missing = expected.filter((p, i) => p.required && parsed.positionals[i] === undefined);
  if (missing.length > 0 || parsed.positionals.length > expected.length) {
    const what =
      missing.length > 0 ? `missing ${missing.map((p) => p.name).join(', ')}` : 'too many arguments';
    io.stderr.write(
      `${PROGRAM} ${entry.name}: ${what}. Usage: ${PROGRAM} ${entry.name} ${command.usage ?? ''}\n`,
    );
    return 2;
  }
  try {
    return await command.run(
      {
        values: parsed.values as Record<string, string | boolean | string[] | undefined>,
        positionals: parsed.positionals,
      },
      io,
    );
  } catch (error) {
    if (isRetroError(error)) {
      io.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`${PROGRAM}: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

function defaultIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
