/**
 * Writes a rollout corpus with a given Codex CLI build against the project's own model server: the scenarios of
 * test/fixtures/codex-sessions/<version>/ (one answer, a shell call that succeeds and one that fails, apply_patch,
 * a three-turn session continued by `exec resume`, a fork, an HTTP 500, a failed stream, a long tool turn with
 * parallel calls, an output schema), once with a model Codex knows (`gpt-5.5`) and once with one it does not.
 *
 *   node --import tsx scripts/gen-corpus.ts <path to codex> <output dir>
 *
 * The facts each file must yield are then extracted by scripts/corpus-manifest.py, which reads the JSONL on its own.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCodexHome } from '../test/helpers/codex-home.js';
import { type ModelReply, type ModelRequest, startModelServer } from '../test/helpers/model-server.js';

const [codexBin, outDir] = process.argv.slice(2);
if (!codexBin || !outDir) throw new Error('usage: gen-corpus.ts <codex> <output dir>');

function scenarioOf(request: ModelRequest): string {
  return /\[\[scn:([a-z0-9_]+)\]\]/.exec(request.userText)?.[1] ?? 'simple';
}

const PATCH = [
  '*** Begin Patch',
  '*** Add File: notes.txt',
  '+first note',
  '*** Update File: README.md',
  '@@',
  '-# demo',
  '+# demo repo',
  '*** End Patch',
].join('\n');

function reply(request: ModelRequest): ModelReply {
  const step = request.toolOutputs;
  const done = (text: string): ModelReply => ({ kind: 'message', text, reasoning: `Thinking about ${text}` });
  switch (scenarioOf(request)) {
    case 'shell_ok':
      return step === 0
        ? { kind: 'tool_calls', calls: [{ name: 'shell', arguments: { command: 'echo hello-corpus' } }] }
        : done('The command printed hello-corpus.');
    case 'shell_fail':
      return step === 0
        ? { kind: 'tool_calls', calls: [{ name: 'shell', arguments: { command: 'sh -c "exit 3"' } }] }
        : done('The command failed with exit code 3.');
    case 'apply_patch':
      return step === 0
        ? { kind: 'tool_calls', calls: [{ name: 'apply_patch', input: PATCH }] }
        : done('Added notes.txt and renamed the heading.');
    case 'multi_tool':
      return step === 0
        ? { kind: 'tool_calls', calls: [{ name: 'shell', arguments: { command: 'ls' } }] }
        : done('Listed the files.');
    case 'long':
      if (step === 0)
        return { kind: 'tool_calls', calls: [{ name: 'shell', arguments: { command: 'false' } }] };
      if (step === 1)
        return {
          kind: 'tool_calls',
          text: 'Running two commands at once.',
          calls: [
            { name: 'shell', arguments: { command: 'echo one' } },
            { name: 'shell', arguments: { command: 'echo two' } },
          ],
        };
      if (step === 3)
        return { kind: 'tool_calls', calls: [{ name: 'shell', arguments: { command: 'cat README.md' } }] };
      return done('All steps ran.');
    case 'http500':
      return { kind: 'http_error', status: 500, message: 'the model is down' };
    case 'stream_fail':
      return { kind: 'stream_failure', message: 'the stream broke' };
    case 'schema':
      return { kind: 'json', value: { answer: 42, files: ['README.md'] } };
    default:
      return done('Hello from the corpus.');
  }
}

function run(env: Record<string, string>, cwd: string, args: string[], prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(codexBin as string, args, {
      cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 60_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.stdin.end(prompt);
  });
}

function threadId(jsonl: string): string {
  for (const line of jsonl.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as { type?: string; thread_id?: string };
    if (event.type === 'thread.started' && event.thread_id) return event.thread_id;
  }
  throw new Error(`no thread.started in:\n${jsonl}`);
}

const server = await startModelServer(reply);
mkdirSync(outDir, { recursive: true });
try {
  for (const model of ['gpt-5.5', 'mock-model']) {
    const home = await makeCodexHome({ modelServerUrl: server.url, model });
    const repo = mkdtempSync(join(tmpdir(), 'corpus-repo-'));
    writeFileSync(join(repo, 'README.md'), '# demo\n');
    await new Promise((resolve) =>
      spawn(
        'sh',
        ['-c', 'git init -q -b main && git add . && git -c user.name=d -c user.email=d@e commit -qm init'],
        {
          cwd: repo,
        },
      ).on('close', resolve),
    );
    const base = ['exec', '--json', '--skip-git-repo-check', '-s', 'workspace-write'];
    const exec = (scn: string, text: string) => run(home.env, repo, [...base, '-'], `[[scn:${scn}]] ${text}`);
    for (const [scn, text] of [
      ['simple', 'Say hello without using tools.'],
      ['shell_ok', 'Run echo.'],
      ['shell_fail', 'Run a failing command.'],
      ['apply_patch', 'Add a notes file.'],
      ['http500', 'This request fails.'],
      ['stream_fail', 'This stream fails.'],
    ] as const)
      await exec(scn, text);
    const multi = threadId(await exec('simple', 'First turn of three.'));
    const resume = (scn: string, text: string) =>
      run(
        home.env,
        repo,
        ['exec', 'resume', '--json', '--skip-git-repo-check', multi, '-'],
        `[[scn:${scn}]] ${text}`,
      );
    await resume('multi_tool', 'Second turn: list the files.');
    await resume('simple', 'Third turn: say goodbye.');
    await run(
      home.env,
      repo,
      ['exec', 'fork', '--json', '--skip-git-repo-check', multi, '-'],
      '[[scn:simple]] A forked turn.',
    );
    const long = threadId(await exec('long', 'A long turn with many tools.'));
    await run(
      home.env,
      repo,
      ['exec', 'resume', '--json', '--skip-git-repo-check', long, '-'],
      '[[scn:simple]] And after.',
    );
    writeFileSync(
      join(repo, 'schema.json'),
      JSON.stringify({
        type: 'object',
        properties: { answer: { type: 'number' }, files: { type: 'array', items: { type: 'string' } } },
        required: ['answer', 'files'],
        additionalProperties: false,
      }),
    );
    await run(
      home.env,
      repo,
      [...base, '--output-schema', join(repo, 'schema.json'), '-'],
      '[[scn:schema]] Answer in JSON.',
    );
    cpSync(join(home.dir, 'sessions'), join(outDir, model, 'sessions'), { recursive: true });
    console.log(model, readdirSync(join(home.dir, 'sessions'), { recursive: true }).length, 'paths');
    await home.cleanup();
  }
} finally {
  await server.close();
}
