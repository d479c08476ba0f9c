import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStoreHome, runCli, type StoreHome } from '../../test/helpers/store-home.js';
import { commands, groups } from './index.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** What people expect of a command line, checked through the built CLI for every command in the registry. */
describe('command-line conventions', () => {
  let home: StoreHome;
  beforeAll(async () => {
    home = await makeStoreHome(['0.169.0']);
  });
  afterAll(async () => {
    await home.cleanup();
  });
  const cli = (...args: string[]) => runCli(args, home.env);

  it('shows help at every level with --help, -h and `help`, exit 0, on stdout', async () => {
    const levels = [[], ...groups.map((g) => [g.name]), ...commands.map((c) => c.name.split(' '))];
    for (const words of levels) {
      for (const flag of ['--help', '-h']) {
        const { code, stdout, stderr } = await cli(...words, flag);
        expect(code, `${words.join(' ')} ${flag}`).toBe(0);
        expect(stderr).toBe('');
        expect(stdout).toMatch(new RegExp(`^Usage: codex-retro${words.map((w) => ` ${w}`).join('')} `));
      }
    }
    const viaHelp = await cli('help', 'sessions');
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: codex-retro sessions /);
  });

  it("lists every command and every one of a command's flags in help", async () => {
    const top = await cli('--help');
    for (const group of groups) expect(top.stdout).toContain(`  ${group.name} `);
    for (const spec of commands) {
      const { stdout } = await cli(...spec.name.split(' '), '--help');
      for (const option of spec.options) {
        expect(stdout, spec.name).toContain(option.flags.replace(/ <.*/, ''));
      }
      // Global flags are shown with every command.
      expect(stdout).toContain('--codex-home <DIR>');
    }
  });

  it('prints the version with -v and --version at every level', async () => {
    for (const args of [['-v'], ['--version'], ['sessions', '-v'], ['sessions', 'list', '--version']]) {
      const { code, stdout } = await cli(...args);
      expect(code, args.join(' ')).toBe(0);
      expect(stdout).toBe(`codex-retro ${VERSION}\n`);
    }
  });

  it('takes global options before or after the command', async () => {
    const after = await runCli(['sessions', 'list', '--json', '--codex-home', home.codexHome], {
      ...home.env,
      CODEX_HOME: '/nonexistent',
    });
    const before = await runCli(['--codex-home', home.codexHome, 'sessions', 'list', '--json'], {
      ...home.env,
      CODEX_HOME: '/nonexistent',
    });
    expect(after.code, after.stderr).toBe(0);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout)).toHaveLength(home.files.size);
    expect(before.stdout).toBe(after.stdout);
  });

  it('suggests the command or flag meant by a typo, on one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['sesions', 'list'], /^codex-retro: unknown command 'sesions' \(did you mean sessions\?\)/],
      [['sessions', 'lst'], /^codex-retro sessions: unknown command 'lst' \(did you mean list\?\)/],
      [['sessions', 'list', '--jsn'], /unknown option '--jsn' \(did you mean --json\?\)/],
      [['sessions', 'list', '--codex-hom', 'x'], /\(did you mean --codex-home\?\)/],
      [['proposals', 'apply', 'prop-x', '--ye'], /unknown option '--ye' \(did you mean --yes\?\)/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await cli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('exits 2 for every usage error, bad values included, and 1 for a command that failed', async () => {
    const usage: string[][] = [
      [],
      ['sessions'],
      ['sessions', 'show'],
      ['sessions', 'show', 'a', 'b'],
      ['sessions', 'list', '--days', 'soon'],
      ['sessions', 'list', '--days'],
      ['sessions', 'list', '--since', '2026-02-30'],
      ['sessions', 'list', '--since', '20261123', '--until', '20261122'],
      ['report', '--days', '0'],
      ['report', '--since', 'yesterday'],
      ['report', '--prepare-only', '--render-only'],
      ['serve', '--port', '70000'],
      ['serve', '--token', 'short'],
      ['insights', 'run'],
      ['insights', 'run', '--session', 'not-an-id!'],
      ['insights', 'run', '--session', '01a2011f-c751-7ec2-ad85-a4ab74c224db', '--mode', 'sideways'],
      ['proposals', 'run', '--session', '01a2011f-c751-7ec2-ad85-a4ab74c224db', '--insight', 'latest'],
      ['proposals', 'apply', '../../etc/passwd'],
    ];
    for (const args of usage) {
      const { code, stdout, stderr } = await cli(...args);
      expect(code, args.join(' ')).toBe(2);
      if (args.length > 1) expect(stdout, args.join(' ')).toBe('');
      expect(stderr).not.toContain('    at ');
    }
    const failed = await cli('sessions', 'show', '01a2011f-0000-7000-8000-000000000000');
    expect(failed.code).toBe(1);
  });
});
