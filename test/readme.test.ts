import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../src/commands/command.js';
import { commands, globalOptions } from '../src/commands/index.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- commands:start (generated from src/commands/index.ts by test/readme.test.ts) -->';
const END = '<!-- commands:end -->';

function optionTable(options: OptionSpec[]): string[] {
  const rows = [
    ...options.map((o) => `| \`${o.flags}\` | ${o.description.replaceAll('|', '\\|')} |`),
    '| `-h, --help` | Show help |',
  ];
  return ['| option | |', '|---|---|', ...rows];
}

/** README's command reference: every command and flag with the words `--help` shows. */
function commandReference(): string {
  const out = [
    'Global options, accepted before or after any command:',
    '',
    ...optionTable(globalOptions),
    '| `-v, --version` | Print the version |',
  ];
  for (const spec of commands) {
    const args = (spec.arguments ?? []).map((a) => ` <${a.name}>`).join('');
    out.push('', `### \`codex-retro ${spec.name}${args}\``, '', `${spec.summary}.`, '');
    for (const arg of spec.arguments ?? []) out.push(`\`<${arg.name}>\`: ${arg.description}.`, '');
    out.push(...optionTable(spec.options));
    if (spec.examples) out.push('', '```bash', ...spec.examples, '```');
  }
  return out.join('\n');
}

describe('README', () => {
  it('lists every command and option as --help has them', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start, `README.md needs ${START} … ${END}`).toBeGreaterThan(0);
    const expected = `${START}\n${commandReference()}\n${END}`;
    const actual = text.slice(start, end + END.length);
    // UPDATE_README=1 npx vitest run test/readme.test.ts rewrites the section from the registry.
    if (actual !== expected && process.env.UPDATE_README === '1') {
      writeFileSync(README, text.slice(0, start) + expected + text.slice(end + END.length));
      return;
    }
    expect(actual).toBe(expected);
  });

  it('speaks to users: no links outside the repository, no words of the planning documents', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).not.toMatch(/\.\.\/shared|seed \d|§\d/i);
  });
});
