import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { RetroError } from '../errors.js';
import { redactDeep, redactText } from '../redact/index.js';
import { buildRepairPrompt, checkAnswer, toOutputSchema } from './answer.js';
import { buildArgs, type CodexMode, type SandboxMode } from './build-args.js';
import { type CodexEvent, parseEventLine, summarizeEvents } from './events.js';
import { classifyFailure } from './failures.js';
import { SpawnError, spawnProcess } from './spawn-process.js';
import { ensureCodexVersion, notFoundError } from './version.js';

const DEFAULT_TIMEOUT_MS = 20 * 60_000;

export interface CodexRunOptions<T> {
  mode: CodexMode;
  /** The session to fork or resume. */
  sessionId?: string;
  /** Written to the child's stdin, never put in argv. */
  prompt: string;
  /** Becomes the `--output-schema` file; the answer is validated against it. */
  schema?: z.ZodType<T>;
  cwd: string;
  codexHome: string;
  codexBin: string;
  env?: Record<string, string>;
  model?: string;
  /** Default read-only. */
  sandbox?: SandboxMode;
  approval?: string;
  /** `-c key=value` overrides. */
  config?: Record<string, string | number | boolean>;
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: CodexEvent) => void;
  /**
   * Called, and awaited, before each Codex process is started with its prompt (the repair prompt too): a
   * resumed session's owner can record that the prompt is not the person's before Codex writes it.
   */
  onPrompt?: (step: { mode: CodexMode; sessionId?: string; prompt: string }) => Promise<void> | void;
  skipGitRepoCheck?: boolean;
}

type Usage = {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
};

export interface CodexRunResult<T> {
  /** From `thread.started`: for a fork, the new thread. */
  threadId: string;
  answer: T | undefined;
  lastMessage: string;
  usage: Usage | null;
  events: CodexEvent[];
  /** The first answer was unusable and the repair prompt fixed it. */
  repaired: boolean;
  /** The argv that ran (binary first), for the audit record. */
  command: string[];
  /** Lines of the event stream that could not be read; also in `events` as `unparsed_line`. */
  unparsedLines: number;
}

interface Attempt {
  threadId: string;
  lastMessage: string;
  usage: Usage | null;
  events: CodexEvent[];
  command: string[];
  unparsedLines: number;
}

function addUsage(a: Usage | null, b: Usage | null): Usage | null {
  if (!a || !b) return a ?? b;
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
  };
}

/** Temp dirs of runs in progress, removed even when codex-retro exits before a run's `finally`. */
const liveTempDirs = new Set<string>();
let exitCleanupInstalled = false;

async function makeTempDir(): Promise<string> {
  if (!exitCleanupInstalled) {
    process.once('exit', () => {
      for (const dir of liveTempDirs) rmSync(dir, { recursive: true, force: true });
    });
    exitCleanupInstalled = true;
  }
  const dir = await mkdtemp(join(tmpdir(), 'codex-retro-run-'));
  liveTempDirs.add(dir);
  return dir;
}

async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveTempDirs.delete(dir);
}

async function runAttempt<T>(
  options: CodexRunOptions<T>,
  step: { mode: CodexMode; sessionId?: string; prompt: string },
  env: Record<string, string | undefined>,
): Promise<Attempt> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  await options.onPrompt?.(step);
  const dir = await makeTempDir();
  try {
    const schemaFile = options.schema ? join(dir, 'output-schema.json') : undefined;
    if (schemaFile && options.schema)
      await writeFile(schemaFile, JSON.stringify(toOutputSchema(options.schema)));
    const lastMessageFile = join(dir, 'last-message.txt');
    const args = buildArgs({
      mode: step.mode,
      sessionId: step.sessionId,
      sandbox: options.sandbox ?? 'read-only',
      approval: options.approval,
      model: options.model,
      config: options.config,
      schemaFile,
      lastMessageFile,
      skipGitRepoCheck: options.skipGitRepoCheck,
    });
    const command = [options.codexBin, ...args];
    const events: CodexEvent[] = [];
    const outcome = await spawnProcess({
      bin: options.codexBin,
      args,
      cwd: options.cwd,
      env,
      stdin: step.prompt,
      timeoutMs,
      signal: options.signal,
      onLine(line) {
        const event = parseEventLine(line);
        events.push(event);
        options.onEvent?.(event);
      },
    }).catch((error: unknown) => {
      if (error instanceof SpawnError && (error.errno === 'ENOENT' || error.errno === 'EACCES')) {
        throw notFoundError(options.codexBin, error);
      }
      throw error;
    });
    const summary = summarizeEvents(events);
    const failure = classifyFailure(outcome, summary, {
      codexHome: options.codexHome,
      timeoutMs,
      command,
      mode: step.mode,
      sessionId: step.sessionId,
    });
    if (failure) throw failure;
    if (!summary.threadId) {
      throw new RetroError(
        'codex_failed',
        'Codex finished without reporting a thread id (no thread.started event). Check that --codex-bin is the Codex CLI.',
        { status: 500, details: { stderr_tail: redactText(outcome.stderrTail), command } },
      );
    }
    const written = await readFile(lastMessageFile, 'utf8').catch(() => null);
    const usage = summary.usage;
    return {
      threadId: summary.threadId,
      lastMessage: written ?? summary.lastAgentMessage ?? '',
      usage: usage && {
        input_tokens: usage.input_tokens,
        cached_input_tokens: usage.cached_input_tokens,
        output_tokens: usage.output_tokens,
        reasoning_output_tokens: usage.reasoning_output_tokens,
      },
      events,
      command,
      unparsedLines: summary.unparsedLines,
    };
  } finally {
    await removeTempDir(dir);
  }
}

/** A missing working directory would surface as ENOENT from spawn, indistinguishable from a missing binary. */
async function ensureDirectory(cwd: string): Promise<void> {
  const found = await stat(cwd).catch(() => null);
  if (!found?.isDirectory()) {
    throw new RetroError(
      'invalid_cwd',
      `The directory "${cwd}" to run Codex in does not exist; check --repo.`,
      {
        status: 400,
      },
    );
  }
}

/**
 * Runs headless Codex once: `codex exec`, `codex exec fork <id>` or `codex exec resume <id>`, prompt on stdin.
 * With a schema the answer must be JSON matching it; if not, the same thread is resumed once with the
 * validation error, and if that answer fails too the error carries both answers.
 */
export async function runCodex<T = unknown>(options: CodexRunOptions<T>): Promise<CodexRunResult<T>> {
  const env = { ...process.env, ...options.env, CODEX_HOME: options.codexHome };
  await ensureDirectory(options.cwd);
  await ensureCodexVersion(options.codexBin, env);
  const first = await runAttempt(
    options,
    { mode: options.mode, sessionId: options.sessionId, prompt: options.prompt },
    env,
  );
  const result = (attempt: Attempt, answer: T | undefined, repaired: boolean): CodexRunResult<T> => ({
    threadId: first.threadId,
    answer,
    lastMessage: attempt.lastMessage,
    usage: repaired ? addUsage(first.usage, attempt.usage) : attempt.usage,
    events: repaired ? [...first.events, ...attempt.events] : attempt.events,
    repaired,
    command: first.command,
    unparsedLines: repaired ? first.unparsedLines + attempt.unparsedLines : attempt.unparsedLines,
  });
  if (!options.schema) return result(first, undefined, false);

  const firstCheck = checkAnswer(first.lastMessage, options.schema);
  if (firstCheck.ok) return result(first, firstCheck.value, false);
  const repair = await runAttempt(
    options,
    { mode: 'resume', sessionId: first.threadId, prompt: buildRepairPrompt(firstCheck.problem) },
    env,
  );
  const repairCheck = checkAnswer(repair.lastMessage, options.schema);
  if (repairCheck.ok) return result(repair, repairCheck.value, true);
  throw new RetroError(
    'codex_invalid_answer',
    `Codex answered twice without a usable result (${repairCheck.problem.split('\n')[0]}). Try again, or use a more capable model.`,
    {
      status: 502,
      details: redactDeep({
        thread_id: first.threadId,
        first_answer: first.lastMessage,
        first_problem: firstCheck.problem,
        second_answer: repair.lastMessage,
        second_problem: repairCheck.problem,
        command: first.command,
        repair_command: repair.command,
      }),
    },
  );
}
