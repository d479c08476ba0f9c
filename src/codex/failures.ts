import { RetroError } from '../errors.js';
import { redactDeep, redactText } from '../redact/index.js';
import type { CodexMode } from './build-args.js';
import type { EventSummary } from './events.js';
import type { SpawnOutcome } from './spawn-process.js';

/** What Codex says when the provider refused the credentials, or there were none. */
const NOT_LOGGED_IN =
  /\b401\b|unauthori[sz]ed|not logged in|missing environment variable|no api key|invalid api key|incorrect api key|please (?:re-?)?log ?in|codex login/i;

const SESSION_MISSING = /no rollout found|session not found|thread not found/i;

/**
 * Codex refusing to load the thread it was asked to continue (`thread/fork failed: … is empty (code -32603)`,
 * `… is archived`, `Cannot change this thread's model provider … on resume`): the session is the cause, not
 * the install.
 */
const THREAD_REFUSED = /\bthread\/(?:fork|resume)\b[^\n]*\bfailed\b/i;
const THREAD_PREFIX = /^(?:thread\/(?:fork|resume):\s*)?thread\/(?:fork|resume) failed:\s*/i;

/** The `Error: …` line Codex prints before its backtrace, else the last line that is not a backtrace frame. */
function readStderrError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\d+: /.test(line) && line !== 'Stack backtrace:');
  const errorLine = lines.findLast((line) => line.startsWith('Error: '));
  return (errorLine?.slice('Error: '.length) ?? lines.at(-1) ?? '').slice(0, 600);
}

export interface FailureContext {
  codexHome: string;
  timeoutMs: number;
  command: string[];
  /** What was asked of Codex: continuing a session names it. */
  mode?: CodexMode;
  sessionId?: string | undefined;
}

/**
 * Turns a finished `codex exec` process into the error a person can act on, or null when it succeeded.
 * Cancel and timeout win over whatever the killed process printed.
 */
export function classifyFailure(
  outcome: SpawnOutcome,
  summary: EventSummary,
  context: FailureContext,
): RetroError | null {
  const details = redactDeep({
    exit_code: outcome.exitCode,
    signal: outcome.exitSignal,
    thread_id: summary.threadId,
    stderr_tail: outcome.stderrTail,
    command: context.command,
  });
  if (outcome.cancelled) {
    return new RetroError('codex_cancelled', 'The Codex run was cancelled; its processes were stopped.', {
      status: 409,
      details,
    });
  }
  if (outcome.timedOut) {
    return new RetroError(
      'codex_timeout',
      `The Codex run took longer than ${Math.round(context.timeoutMs / 1000)} s and was stopped. Try again, or allow more time.`,
      { status: 504, details },
    );
  }
  if (outcome.exitCode === 0 && summary.failure === null) return null;

  const modelMessage = summary.failure ?? summary.lastError;
  const stderrError = redactText(readStderrError(outcome.stderrTail));
  const said = modelMessage === null ? stderrError : redactText(modelMessage);
  if (NOT_LOGGED_IN.test(said)) {
    return new RetroError(
      'codex_not_logged_in',
      `Codex is not logged in for CODEX_HOME=${context.codexHome} (${said}). Run \`CODEX_HOME=${context.codexHome} codex login\` once, then try again.`,
      { status: 503, details },
    );
  }
  if (modelMessage !== null) {
    const reason = said.replace(/[.\s]+$/, '');
    return new RetroError('codex_model_error', `The model run failed: ${reason}. Try again later.`, {
      status: 502,
      details,
    });
  }
  if (SESSION_MISSING.test(stderrError)) {
    return new RetroError(
      'codex_session_not_found',
      `Codex found no such session in CODEX_HOME=${context.codexHome} (${stderrError}). Check the session id and --codex-home.`,
      { status: 404, details },
    );
  }
  if (context.mode !== undefined && context.mode !== 'new' && THREAD_REFUSED.test(stderrError)) {
    return new RetroError(
      'codex_cannot_continue',
      `Codex could not ${context.mode} session ${context.sessionId ?? ''}: ${stderrError.replace(THREAD_PREFIX, '')}. The session is the cause, not the Codex install: run in digest mode (the default for sessions Codex cannot continue), which reads a digest of its transcript instead.`,
      { status: 409, details },
    );
  }
  const exit = outcome.exitCode === null ? `signal ${outcome.exitSignal}` : `code ${outcome.exitCode}`;
  return new RetroError(
    'codex_failed',
    `Codex exited with ${exit}: ${stderrError || 'no output on stderr'}. Check the Codex CLI works: \`CODEX_HOME=${context.codexHome} codex exec "hello"\`.`,
    { status: 500, details },
  );
}
