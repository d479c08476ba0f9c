import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import {
  type ModelReply,
  type ModelRequest,
  type ModelServer,
  startModelServer,
} from '../../test/helpers/model-server.js';
import {
  findLiveProcesses,
  isGroupGone,
  type ProcessInfo,
  processesLeft,
} from '../../test/helpers/processes.js';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { RetroError } from '../errors.js';
import { type CodexRunOptions, runCodex } from './index.js';

const answerSchema = z.object({ answer: z.number(), files: z.array(z.string()) });

/** Each test tags its prompt with `[[name]]`; the script answers by tag (and by step within the turn). */
function script(request: ModelRequest): ModelReply {
  const tag = /\[\[(\w+)\]\]/.exec(request.userText)?.[1];
  switch (tag) {
    case 'schema':
      return request.hasSchema
        ? { kind: 'json', value: { answer: 42, files: ['README.md'] } }
        : { kind: 'message', text: 'no schema' };
    case 'parent':
      return { kind: 'message', text: 'Parent answer.' };
    case 'branch':
      return { kind: 'message', text: 'Answer inside the fork.' };
    case 'more':
      return { kind: 'message', text: 'Answer after resuming.' };
    case 'unauthorized':
      return { kind: 'http_error', status: 401, message: 'Incorrect API key provided' };
    case 'overloaded':
      return { kind: 'http_error', status: 500, message: 'overloaded' };
    case 'broken':
      return { kind: 'stream_failure', message: 'mock stream failure' };
    case 'sleepy':
      return request.toolOutputs === 0
        ? { kind: 'tool_calls', calls: [{ name: 'shell', arguments: { command: 'sleep 31.5' } }] }
        : { kind: 'message', text: 'Slept.' };
    case 'slow':
      // biome-ignore lint/suspicious/noThenProperty: `then` is the model server's name for the delayed reply
      return { kind: 'slow', delayMs: 30_000, then: { kind: 'message', text: 'Too late.' } };
    default:
      return { kind: 'message', text: 'not json at all' };
  }
}

describe('runCodex with the real codex CLI', () => {
  let server: ModelServer;
  let home: TempCodexHome;
  let cwd: string;
  let parentId: string;
  /** A fresh cwd for the tests that look for the processes a run left in it. */
  const runDirEach = tempDirEach('codex-retro-proc-');

  beforeAll(async () => {
    server = await startModelServer((request) => {
      // The repair prompt carries no tag: it answers the tagged prompt that came just before it.
      if (request.userText.startsWith('Your previous answer could not be used.')) {
        const repaired = server.requests[request.index - 1]?.userText.includes('[[twice]]');
        return repaired
          ? { kind: 'message', text: 'still not json' }
          : { kind: 'json', value: { answer: 7, files: [] } };
      }
      return script(request);
    });
    home = await makeCodexHome({ modelServerUrl: server.url });
    cwd = await mkdtemp(join(tmpdir(), 'codex-retro-run-cwd-'));
  });

  afterAll(async () => {
    await server.close();
    await home.cleanup();
    await rm(cwd, { recursive: true, force: true });
  });

  function options<T>(overrides: Partial<CodexRunOptions<T>> & { prompt: string }): CodexRunOptions<T> {
    return {
      mode: 'new',
      cwd,
      codexHome: home.dir,
      codexBin: home.codexBin,
      env: home.env,
      skipGitRepoCheck: true,
      ...overrides,
    };
  }

  async function findRollout(id: string): Promise<string> {
    const files = await readdir(join(home.dir, 'sessions'), { recursive: true });
    const match = files.find((file) => file.endsWith(`${id}.jsonl`));
    if (!match) throw new Error(`no rollout for ${id}`);
    return join(home.dir, 'sessions', match);
  }

  async function expectFailure(run: Promise<unknown>, code: string): Promise<RetroError> {
    const error = await run.then(
      () => {
        throw new Error(`expected ${code}, got success`);
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RetroError);
    expect((error as RetroError).code).toBe(code);
    return error as RetroError;
  }

  it('starts a new session, sends the output schema and returns the validated answer', async () => {
    const events: string[] = [];
    const result = await runCodex(
      options({
        prompt: '[[schema]] Answer as JSON.',
        schema: answerSchema,
        onEvent: (event) => events.push(event.type),
      }),
    );

    expect(result.answer).toEqual({ answer: 42, files: ['README.md'] });
    expect(result.lastMessage).toBe('{"answer":42,"files":["README.md"]}');
    expect(result.repaired).toBe(false);
    expect(result.threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.usage?.input_tokens).toBeGreaterThan(0);
    expect(events).toContain('thread.started');
    expect(events).toContain('turn.completed');
    const request = server.requests.at(-1);
    expect(request?.body.text.format).toMatchObject({ type: 'json_schema', strict: true });
    expect(request?.body.text.format.schema.required).toEqual(['answer', 'files']);
    expect(result.command.slice(0, 3)).toEqual([home.codexBin, 'exec', '--json']);
    expect(result.command).toContain('--output-schema');
    expect(result.command.join(' ')).toContain('-s read-only');
    expect(result.command.join(' ')).not.toContain('Answer as JSON');
  });

  it('forks a session into a new thread and leaves the parent rollout byte for byte unchanged', async () => {
    parentId = (await runCodex(options({ prompt: '[[parent]] Start the parent.' }))).threadId;
    const parentPath = await findRollout(parentId);
    const before = await readFile(parentPath);

    const fork = await runCodex(
      options({ mode: 'fork', sessionId: parentId, prompt: '[[branch]] Continue in a fork.' }),
    );

    expect(fork.threadId).not.toBe(parentId);
    expect(fork.lastMessage).toBe('Answer inside the fork.');
    expect(await readFile(parentPath)).toEqual(before);
    const forkFirstLine = JSON.parse(
      (await readFile(await findRollout(fork.threadId), 'utf8')).split('\n')[0] ?? '',
    );
    expect(forkFirstLine.payload).toMatchObject({ id: fork.threadId, forked_from_id: parentId });
    expect(fork.command).toEqual(expect.arrayContaining(['fork', parentId, 'sandbox_mode="read-only"']));
    expect(server.requests.at(-1)?.userText).toBe('[[branch]] Continue in a fork.');
  });

  it('resumes a session in place: same thread, its rollout grows by one turn', async () => {
    const parentPath = await findRollout(parentId);
    const countTurns = async () =>
      (await readFile(parentPath, 'utf8'))
        .split('\n')
        .filter((line) => line.includes('"type":"turn_context"')).length;
    const before = await readFile(parentPath, 'utf8');
    const turnsBefore = await countTurns();

    const resumed = await runCodex(
      options({
        mode: 'resume',
        sessionId: parentId,
        prompt: '[[more]] One more turn.',
        sandbox: 'workspace-write',
      }),
    );

    expect(resumed.threadId).toBe(parentId);
    expect(resumed.lastMessage).toBe('Answer after resuming.');
    const after = await readFile(parentPath, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(await countTurns()).toBe(turnsBefore + 1);
    // `exec resume` has no -s: the sandbox given as a config override is the one the new turn ran with.
    const turnContexts = after
      .split('\n')
      .filter((line) => line.includes('"type":"turn_context"'))
      .map((line) => JSON.parse(line).payload);
    expect(turnContexts.at(-1).sandbox_policy.type).toBe('workspace-write');
    expect(turnContexts.at(0).sandbox_policy.type).toBe('read-only');
  });

  it('repairs an answer that is not JSON by resuming the same thread once', async () => {
    const result = await runCodex(options({ prompt: '[[once]] Answer as JSON.', schema: answerSchema }));

    expect(result.repaired).toBe(true);
    expect(result.answer).toEqual({ answer: 7, files: [] });
    const repairRequest = server.requests.at(-1);
    expect(repairRequest?.userText).toContain('not valid JSON');
    expect(repairRequest?.hasSchema).toBe(true);
    const threads = result.events.filter((event) => event.type === 'thread.started');
    expect(threads).toEqual([
      { type: 'thread.started', thread_id: result.threadId },
      { type: 'thread.started', thread_id: result.threadId },
    ]);
  });

  it('fails with both answers when the repair answer is unusable too', async () => {
    const error = await expectFailure(
      runCodex(options({ prompt: '[[twice]] Answer as JSON.', schema: answerSchema })),
      'codex_invalid_answer',
    );

    expect(error.details).toMatchObject({ first_answer: 'not json at all', second_answer: 'still not json' });
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('reports a session Codex does not have', async () => {
    const missing = '01a2011f-0000-7000-8000-000000000000';
    const error = await expectFailure(
      runCodex(options({ mode: 'fork', sessionId: missing, prompt: 'x' })),
      'codex_session_not_found',
    );
    expect(error.message).toContain(`no rollout found for thread id ${missing}`);
    expect(error.message).not.toMatch(/backtrace|<unknown>/);
  });

  it('refuses a working directory that does not exist instead of blaming the binary', async () => {
    await expectFailure(runCodex(options({ prompt: 'x', cwd: join(cwd, 'gone') })), 'invalid_cwd');
  });

  it('reports a missing codex binary with how to install it', async () => {
    const error = await expectFailure(
      runCodex(options({ prompt: 'x', codexBin: join(cwd, 'no-such-codex') })),
      'codex_not_found',
    );
    expect(error.message).toContain('npm i -g @openai/codex');
    expect(error.message).toContain('--codex-bin');
  });

  it('reports a codex that is too old with the version found and the version needed', async () => {
    const fake = join(cwd, 'old-codex');
    await writeFile(fake, '#!/bin/sh\necho "codex-cli 0.40.0"\n');
    await chmod(fake, 0o755);
    const error = await expectFailure(runCodex(options({ prompt: 'x', codexBin: fake })), 'codex_too_old');
    expect(error.message).toContain('0.40.0');
    expect(error.message).toContain('0.169.0');
  });

  it('tells the person to log in when the provider answers 401', async () => {
    const error = await expectFailure(
      runCodex(options({ prompt: '[[unauthorized]] Hi.' })),
      'codex_not_logged_in',
    );
    expect(error.message).toContain(`CODEX_HOME=${home.dir} codex login`);
  });

  it('reports an HTTP 500 as a model error with the message Codex gave', async () => {
    const error = await expectFailure(
      runCodex(options({ prompt: '[[overloaded]] Hi.' })),
      'codex_model_error',
    );
    expect(error.message).toContain('high demand');
    expect(error.details?.thread_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports a failed stream as a model error with its message', async () => {
    const error = await expectFailure(runCodex(options({ prompt: '[[broken]] Hi.' })), 'codex_model_error');
    expect(error.message).toContain('stream disconnected before completion: mock stream failure');
  });

  it('stops the whole process tree on timeout, including the command Codex was running', async () => {
    const runDir = runDirEach();
    const seen = new Map<number, ProcessInfo>();
    const poll = setInterval(() => {
      for (const info of findLiveProcesses(runDir)) seen.set(info.pid, info);
    }, 100);
    const started = Date.now();
    const error = await expectFailure(
      runCodex(options({ prompt: '[[sleepy]] Sleep.', cwd: runDir, timeoutMs: 2_500 })),
      'codex_timeout',
    ).finally(() => clearInterval(poll));

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error.message).toMatch(/longer than 3 s/);
    const commands = [...seen.values()].map((info) => info.command);
    expect(commands.some((command) => command.includes('sleep 31.5'))).toBe(true);
    expect(findLiveProcesses(runDir)).toEqual([]);
    for (const info of seen.values()) expect(isGroupGone(info.pgid)).toBe(true);
  });

  it('stops the whole process tree when cancelled', async () => {
    const runDir = runDirEach();
    const controller = new AbortController();
    let pgids: number[] = [];
    const error = await expectFailure(
      runCodex(
        options({
          prompt: '[[slow]] Take your time.',
          cwd: runDir,
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type === 'turn.started') {
              pgids = findLiveProcesses(runDir).map((process) => process.pgid);
              controller.abort();
            }
          },
        }),
      ),
      'codex_cancelled',
    );
    expect(error.status).toBe(409);
    expect(pgids.length).toBeGreaterThan(0);
    expect(findLiveProcesses(runDir)).toEqual([]);
    for (const pgid of new Set(pgids)) expect(isGroupGone(pgid)).toBe(true);
  });

  it('leaves no Codex process and no temp file behind when codex-retro itself exits mid-run', async () => {
    const runDir = runDirEach();
    // A temp folder of its own: other runs on the machine make and remove codex-retro-run-* folders too.
    const privateTmp = await mkdtemp(join(tmpdir(), 'codex-retro-exit-tmp-'));
    const script = join(runDir, '..', `${basename(runDir)}-runner.mts`);
    await writeFile(
      script,
      [
        `import { runCodex } from ${JSON.stringify(fileURLToPath(new URL('./index.ts', import.meta.url)))};`,
        'const [cwd, codexHome, codexBin] = process.argv.slice(2);',
        "await runCodex({ mode: 'new', prompt: '[[slow]] x', cwd, codexHome, codexBin, skipGitRepoCheck: true,",
        "  onEvent: (event) => { if (event.type === 'turn.started') process.exit(3); } });",
      ].join('\n'),
    );
    const exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, runDir, home.dir, home.codexBin], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { ...home.env, TMPDIR: privateTmp },
        stdio: 'ignore',
      });
      child.on('close', resolve);
    });

    expect(exitCode).toBe(3);
    // codex-retro's exit hook sends SIGKILL and exits at once: nobody waits for the tree to finish dying.
    expect(await processesLeft(runDir)).toEqual([]);
    expect((await readdir(privateTmp)).filter((name) => name.startsWith('codex-retro-run-'))).toEqual([]);
    await rm(script, { force: true });
    await rm(privateTmp, { recursive: true, force: true });
  });
});
