import { appendFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStoreHome, runCli, type StoreHome } from '../../test/helpers/store-home.js';
import { readSession } from '../sessions/scan/scan.js';

describe('codex-retro sessions show', () => {
  let home: StoreHome;
  let failing: string;
  beforeAll(async () => {
    home = await makeStoreHome(['0.169.0']);
    for (const [id, path] of home.files) {
      const detail = await readSession(path);
      if (detail.metadata.title.includes('[[scn:long]]') && detail.metadata.tool_errors > 0) failing = id;
    }
  });
  afterAll(async () => {
    await home.cleanup();
  });

  it('prints a readable transcript with tool calls, exit codes and folded context', async () => {
    const { code, stdout, stderr } = await runCli(['sessions', 'show', failing], home.env);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')[0]).toBe('[[scn:long]] Do a long multi-step task.');
    expect(stdout).toContain(`  id        ${failing}`);
    expect(stdout).toMatch(/\[\d\d:\d\d:\d\d\] user:\n {4}\[\[scn:long\]\] Do a long multi-step task\./);
    expect(stdout).toMatch(
      /\[\d\d:\d\d:\d\d\] \$ false {2}\(exec_command\)\n\[\d\d:\d\d:\d\d\] {3}→ ✗ exit 1/,
    );
    expect(stdout).toMatch(
      /\[\d\d:\d\d:\d\d\] \$ pwd {2}\(exec_command\)\n.*→ exit 0.*\n {4}\/home\/dev\/work\/demo-repo\n/,
    );
    const contextLines = stdout.split('\n').filter((line) => line.includes('context: <environment_context>'));
    expect(contextLines.length).toBeGreaterThan(0);
    expect(stdout).not.toContain('<shell>bash</shell>\n');
    expect(stdout).toMatch(/\] codex:\n {4}Long scenario complete/);
  });

  it('prints what a tool printed without letting its escape sequences act on the terminal', async () => {
    const [id, path] = [...home.files].find(([id]) => id !== failing)!;
    const item = (payload: object) =>
      `${JSON.stringify({ timestamp: '2026-11-22T05:00:00.000Z', type: 'response_item', payload })}\n`;
    const output =
      '\x1b[31mFAIL\x1b[0m two tests\x1b]0;window title\x07\x1b]52;c;cm0gLXJmIH4=\x07\n50%\r100%\nuser\u202e txt';
    await appendFile(
      path,
      item({
        type: 'function_call',
        name: 'shell',
        arguments: '{"command":["npm","test"]}',
        call_id: 'esc',
      }) + item({ type: 'function_call_output', call_id: 'esc', output }),
    );
    const { code, stdout } = await runCli(['sessions', 'show', id], home.env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {4}FAIL two tests\n {4}50%␍100%\n {4}user<U\+202E> txt\n/);
    expect(stdout).not.toMatch(/[\x07\x1b\r\u202e]/);
    // --json keeps what was recorded (JSON escapes the control characters itself).
    const json = await runCli(['sessions', 'show', id, '--json'], home.env);
    expect(json.stdout).toContain(JSON.stringify(output).slice(1, -1));
  });

  it('accepts the short id that sessions list shows', async () => {
    const { code, stdout } = await runCli(['sessions', 'show', failing.slice(-12)], home.env);
    expect(code).toBe(0);
    expect(stdout).toContain(`  id        ${failing}`);
  });

  it('prints { id, metadata, messages, turns } with --json', async () => {
    const { code, stdout } = await runCli(['sessions', 'show', failing, '--json'], home.env);
    expect(code).toBe(0);
    const detail = JSON.parse(stdout) as {
      id: string;
      metadata: { parse_issues: unknown; tool_errors: number };
      messages: {
        role: string;
        kind: string;
        content: string;
        ts: string | null;
        tool?: { exit_code?: number };
      }[];
      turns: unknown[];
    };
    expect(Object.keys(detail)).toEqual(['id', 'metadata', 'continuation', 'messages', 'turns']);
    expect(detail.id).toBe(failing);
    expect(detail.metadata.parse_issues).toEqual({ counts: {}, examples: [] });
    expect(detail.messages.some((m) => m.kind === 'tool_output' && m.tool?.exit_code === 1)).toBe(true);
    expect(detail.turns.length).toBeGreaterThan(0);
  });

  it('fails with a next step for an unknown id', async () => {
    const { code, stdout, stderr } = await runCli(
      ['sessions', 'show', '01a2011f-0000-7000-8000-000000000000'],
      home.env,
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^codex-retro: No session "01a2011f-0000-7000-8000-000000000000" in .*\. Run `codex-retro sessions list` to see session ids\.\n$/,
    );
    const fragment = await runCli(['sessions', 'show', 'ffffffffffff'], home.env);
    expect(fragment.code).toBe(1);
    expect(fragment.stderr).toMatch(/No session "ffffffffffff" in /);
    // Not an id at all: a usage error (exit 2), not a session that was looked for.
    const word = await runCli(['sessions', 'show', 'nothing-like-an-id'], home.env);
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/"nothing-like-an-id" is not a session id/);
  });

  it('refuses an id fragment that matches several sessions', async () => {
    const { code, stderr } = await runCli(['sessions', 'show', '01a2011f'], home.env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"01a2011f" matches \d+ sessions .*give more of the id/);
  });
});
