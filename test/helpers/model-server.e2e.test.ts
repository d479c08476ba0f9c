import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from './codex-home.js';
import { type ModelReply, type ModelRequest, type ModelServer, startModelServer } from './model-server.js';
import { tempDirEach } from './temp-dir.js';

interface ExecResult {
  code: number | null;
  events: { type: string; item?: Record<string, unknown>; message?: string; error?: { message: string } }[];
  stderr: string;
}

/** Runs the real CLI the way a person would in a script: prompt on stdin, JSONL events on stdout. */
function runExec(
  home: TempCodexHome,
  cwd: string,
  prompt: string,
  extraArgs: string[] = [],
  subcommand: string[] = [],
): Promise<ExecResult> {
  const [name, ...operands] = subcommand;
  const args = [
    'exec',
    ...(name ? [name] : []),
    '--json',
    '--skip-git-repo-check',
    ...extraArgs,
    ...operands,
    '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(home.codexBin, args, {
      cwd,
      env: home.env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const events = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line));
      resolve({ code, events, stderr });
    });
    child.stdin.end(prompt);
  });
}

describe('model server driving the real codex CLI', () => {
  let server: ModelServer | undefined;
  let home: TempCodexHome | undefined;
  const workdir = tempDirEach('codex-retro-work-');

  afterEach(async () => {
    await server?.close();
    await home?.cleanup();
    server = undefined;
    home = undefined;
  });

  async function setUp(
    script: (request: ModelRequest) => ModelReply,
    model?: string,
    copySessionsFrom?: string,
  ): Promise<[TempCodexHome, string]> {
    server = await startModelServer(script);
    home = await makeCodexHome({ modelServerUrl: server.url, model, copySessionsFrom });
    return [home, workdir()];
  }

  it('answers a plain prompt with reasoning and a message, and reports usage', async () => {
    const [codexHome, cwd] = await setUp(() => ({
      kind: 'message',
      text: 'Hello from the mock.',
      reasoning: 'Easy.',
    }));
    const result = await runExec(codexHome, cwd, 'Say hello.');

    expect(result.code).toBe(0);
    const items = result.events.filter((event) => event.type === 'item.completed').map((event) => event.item);
    expect(items).toContainEqual(expect.objectContaining({ type: 'reasoning', text: 'Easy.' }));
    expect(items).toContainEqual(
      expect.objectContaining({ type: 'agent_message', text: 'Hello from the mock.' }),
    );
    const completed = result.events.find((event) => event.type === 'turn.completed') as { usage?: unknown };
    expect(completed.usage).toMatchObject({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
    });
    expect(server?.requests).toHaveLength(1);
    expect(server?.requests[0]).toMatchObject({ userText: 'Say hello.', toolOutputs: 0, hasSchema: false });
  });

  it('runs a shell command through the tool Codex offered and continues with its output', async () => {
    const [codexHome, cwd] = await setUp((request) =>
      request.toolOutputs === 0
        ? {
            kind: 'tool_calls',
            calls: [{ name: 'shell', arguments: { command: 'echo tool-ran-$((40+2))' } }],
          }
        : { kind: 'message', text: 'The command finished.' },
    );
    const result = await runExec(codexHome, cwd, 'Run a command.');

    expect(result.code).toBe(0);
    const command = result.events.find(
      (event) => event.type === 'item.completed' && event.item?.type === 'command_execution',
    );
    expect(command?.item).toMatchObject({ exit_code: 0, aggregated_output: 'tool-ran-42\n' });
    expect(server?.requests.map((request) => request.toolOutputs)).toEqual([0, 1]);
    const lastInput = server?.requests[1]?.body.input.at(-1);
    expect(lastInput.type).toBe('function_call_output');
    expect(JSON.stringify(lastInput.output)).toContain('tool-ran-42');
  });

  it('applies a patch the model sends, through the shell when the custom tool is not offered', async () => {
    const patch = '*** Begin Patch\n*** Add File: notes.txt\n+written by the model\n*** End Patch';
    const [codexHome, cwd] = await setUp((request) =>
      request.toolOutputs === 0
        ? { kind: 'tool_calls', calls: [{ name: 'apply_patch', input: patch }] }
        : { kind: 'message', text: 'Patched.' },
    );
    const result = await runExec(codexHome, cwd, 'Add notes.', ['-s', 'workspace-write']);

    expect(result.code).toBe(0);
    expect(await readFile(join(cwd, 'notes.txt'), 'utf8')).toBe('written by the model\n');
  });

  it('applies a patch through the custom apply_patch tool a known model slug is offered', async () => {
    const patch = '*** Begin Patch\n*** Add File: notes.txt\n+custom tool\n*** End Patch';
    const [codexHome, cwd] = await setUp(
      (request) =>
        request.toolOutputs === 0
          ? { kind: 'tool_calls', calls: [{ name: 'apply_patch', input: patch }] }
          : { kind: 'message', text: 'Patched.' },
      'gpt-5.5',
    );
    const result = await runExec(codexHome, cwd, 'Add notes.', ['-s', 'workspace-write']);

    expect(result.code).toBe(0);
    const change = result.events.find(
      (event) => event.type === 'item.completed' && event.item?.type === 'file_change',
    );
    expect(change?.item).toMatchObject({ status: 'completed', changes: [{ kind: 'add' }] });
    expect(server?.requests[1]?.body.input.at(-1).type).toBe('custom_tool_call_output');
    expect(await readFile(join(cwd, 'notes.txt'), 'utf8')).toBe('custom tool\n');
  });

  it('keeps writes out of the working tree in the read-only sandbox', async () => {
    const [codexHome, cwd] = await setUp((request) =>
      request.toolOutputs === 0
        ? { kind: 'tool_calls', calls: [{ name: 'shell', arguments: { command: 'touch blocked.txt' } }] }
        : { kind: 'message', text: 'Tried.' },
    );
    const result = await runExec(codexHome, cwd, 'Write a file.', ['-s', 'read-only']);

    expect(result.code).toBe(0);
    expect(JSON.stringify(server?.requests[1]?.body.input.at(-1).output)).toContain('Read-only file system');
  });

  it('resumes a fixture session copied into the temporary CODEX_HOME', async () => {
    const fixtureSessions = fileURLToPath(
      new URL('../fixtures/codex-sessions/0.169.0/sessions', import.meta.url),
    );
    const sessionId = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';
    const [codexHome, cwd] = await setUp(
      () => ({ kind: 'message', text: 'Resumed.' }),
      undefined,
      fixtureSessions,
    );
    const result = await runExec(codexHome, cwd, 'One more turn.', [], ['resume', sessionId]);

    expect(result.code).toBe(0);
    expect(result.events[0]).toEqual({ type: 'thread.started', thread_id: sessionId });
    const history = JSON.stringify(server?.requests[0]?.body.input);
    expect(history).toContain('Third turn of the multi-turn session.');
    expect(server?.requests[0]?.userText).toBe('One more turn.');
  });

  it('turns an HTTP 500 into a failed turn with exit code 1', async () => {
    const [codexHome, cwd] = await setUp(() => ({ kind: 'http_error', status: 500, message: 'overloaded' }));
    const result = await runExec(codexHome, cwd, 'Anything.');

    expect(result.code).toBe(1);
    const failed = result.events.find((event) => event.type === 'turn.failed');
    expect(failed?.error?.message).toMatch(/high demand/);
  });

  it('turns a failed stream into a failed turn carrying the model message', async () => {
    const [codexHome, cwd] = await setUp(() => ({ kind: 'stream_failure', message: 'mock stream failure' }));
    const result = await runExec(codexHome, cwd, 'Anything.');

    expect(result.code).toBe(1);
    const failed = result.events.find((event) => event.type === 'turn.failed');
    expect(failed?.error?.message).toBe('stream disconnected before completion: mock stream failure');
  });
});
