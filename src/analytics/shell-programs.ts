import { lexScript } from './shell-lexer.js';

/**
 * The programs a shell tool call ran: `bash -lc "cd x && git status | rg y"` ran git and rg.
 * Every part of a pipeline or `&&` chain counts, and so do command substitutions. Environment
 * prefixes (`FOO=1 npm test`) and wrappers (sudo, time, timeout, env, nice, nohup…) are looked
 * through. Shell builtins that only change the shell's own state (cd, export, set, source…) are
 * not programs and are left out.
 */

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish']);
const STATE_BUILTINS = new Set([
  'cd',
  'pushd',
  'popd',
  'export',
  'set',
  'unset',
  'source',
  '.',
  ':',
  'exit',
  'return',
  'local',
  'shift',
  'trap',
  'wait',
  'declare',
  'typeset',
  'readonly',
  'alias',
  'shopt',
  'ulimit',
  'umask',
]);
/** Reserved words after which the next word starts a command. */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{']);
/** Reserved words that end a compound command, or whose words up to the separator are not a command. */
const NON_COMMANDS = new Set(['fi', 'done', 'esac', '}', 'for', 'select', 'case', 'function', 'in', ';;']);
const PROGRAM_NAME = /^(?:\[|\w[\w.+@-]*)$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;

/** Options of wrappers that take a separate value (`sudo -u root`, `timeout -s KILL`). */
const WRAPPERS: Record<string, { valued: Set<string>; positional: number }> = {
  sudo: { valued: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']), positional: 0 },
  doas: { valued: new Set(['-u', '-C']), positional: 0 },
  time: { valued: new Set(['-f', '-o']), positional: 0 },
  timeout: { valued: new Set(['-s', '-k', '--signal', '--kill-after']), positional: 1 },
  nice: { valued: new Set(['-n', '--adjustment']), positional: 0 },
  ionice: { valued: new Set(['-c', '-n', '-p']), positional: 0 },
  nohup: { valued: new Set(), positional: 0 },
  command: { valued: new Set(), positional: 0 },
  exec: { valued: new Set(['-a']), positional: 0 },
  builtin: { valued: new Set(), positional: 0 },
  stdbuf: { valued: new Set(['-i', '-o', '-e']), positional: 0 },
  env: { valued: new Set(['-u', '-C', '-S', '--unset', '--chdir']), positional: 0 },
};

function baseName(word: string): string {
  const name = word.replace(/^\\/, '');
  const slash = name.lastIndexOf('/');
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/** Skips a wrapper's options and positional values; returns the index of the wrapped command. */
function skipWrapper(words: string[], at: number, name: string): number {
  const spec = WRAPPERS[name]!;
  let k = at + 1;
  while (k < words.length && words[k]!.startsWith('-') && words[k] !== '-') {
    const option = words[k]!;
    k += spec.valued.has(option) ? 2 : 1;
    if (option === '--') break;
  }
  if (name === 'env') while (k < words.length && ASSIGNMENT.test(words[k]!)) k++;
  return k + spec.positional;
}

/** A program name, a script to read (`bash -c SCRIPT`), or nothing. */
type Resolved = { program: string } | { script: string } | null;

function resolveCommand(words: string[]): Resolved {
  let k = 0;
  for (;;) {
    const word = words[k];
    if (word === undefined) return null;
    if (LEADING_KEYWORDS.has(word)) {
      k++;
      continue;
    }
    if (NON_COMMANDS.has(word) || word.endsWith('()')) return null;
    if (ASSIGNMENT.test(word)) {
      k++;
      continue;
    }
    const name = baseName(word);
    if (name in WRAPPERS) {
      k = skipWrapper(words, k, name);
      continue;
    }
    if (SHELLS.has(name)) {
      const flag = words.findIndex((w, i) => i > k && /^-[A-Za-z]*c[A-Za-z]*$/.test(w));
      const script = flag >= 0 ? words[flag + 1] : undefined;
      if (script !== undefined) return { script };
    }
    // `$EDITOR`, a quoted phrase or a stray operator is not a program name we can report.
    if (!PROGRAM_NAME.test(name) || STATE_BUILTINS.has(name)) return null;
    return { program: name };
  }
}

const MAX_DEPTH = 4;

function collectFromScript(script: string, out: string[], depth: number): void {
  const lexed = lexScript(script);
  for (const words of lexed.commands) collectFromWords(words, out, depth);
  if (depth < MAX_DEPTH) for (const inner of lexed.nested) collectFromScript(inner, out, depth + 1);
}

function collectFromWords(words: string[], out: string[], depth: number): void {
  const resolved = resolveCommand(words);
  if (resolved === null) return;
  if ('program' in resolved) out.push(resolved.program);
  else if (depth < MAX_DEPTH) collectFromScript(resolved.script, out, depth + 1);
}

/** Programs run by a script string (`shell_command {command}`, `exec_command {cmd}`). */
export function extractPrograms(command: string | string[]): string[] {
  const out: string[] = [];
  if (typeof command === 'string') collectFromScript(command, out, 0);
  else collectFromWords(command, out, 0);
  return out;
}

/**
 * The command of a shell-like tool call from its raw arguments: `{"command":[argv]}`,
 * `{"command":"script"}` or `{"cmd":"script"}`. Null when the arguments cannot be read.
 */
export function readShellCommand(rawArguments: string | undefined): string | string[] | null {
  if (rawArguments === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawArguments);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const command = record.command ?? record.cmd;
  if (typeof command === 'string') return command;
  if (Array.isArray(command) && command.length > 0 && command.every((part) => typeof part === 'string')) {
    return command as string[];
  }
  return null;
}

const SHELL_TOOLS = new Set([
  'shell',
  'shell_command',
  'exec_command',
  'local_shell',
  'container.exec',
  'bash',
]);

export function isShellTool(name: string | undefined): boolean {
  return name !== undefined && SHELL_TOOLS.has(name);
}
