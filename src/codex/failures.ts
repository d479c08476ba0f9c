import { RetroError } from '../errors.js';
import type { EventSummary } from './events.js';
import type { SpawnOutcome } from './spawn-process.js';

/** What Codex says when the provider refused the credentials, or there were none. */
const NOT_LOGGED_IN =
  /\b401\b|unauthori[sz]ed|not logged in|missing environment variable|no api key|invalid api key|incorrect api key|please (?:re-?)?log ?in|codex login/i;

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.at(-1) ?? '';
}

export interface FailureContext {
  codexHome: string;
  timeoutMs: number;
  command: string[];
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
  const details = {
    exit_code: outcome.exitCode,
    signal: outcome.exitSignal,
    thread_id: summary.threadId,
    stderr_tail: outcome.stderrTail,
    command: context.command,
  };
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
  const said = modelMessage ?? lastLine(outcome.stderrTail);
  if (NOT_LOGGED_IN.test(said) || (modelMessage === null && NOT_LOGGED_IN.test(outcome.stderrTail))) {
    return new RetroError(
      'codex_not_logged_in',
      `Codex is not logged in for CODEX_HOME=${context.codexHome} (${said}). Run \`CODEX_HOME=${context.codexHome} codex login\` once, then try again.`,
      { status: 503, details },
    );
  }
  if (modelMessage !== null) {
    return new RetroError(
      'codex_model_error',
      `The model run failed: ${modelMessage.replace(/[.\s]+$/, '')}. Try again later.`,
      {
        status: 502,
        details,
      },
    );
  }
  const tail = outcome.stderrTail.trim().slice(-600) || 'no output on stderr';
  return new RetroError(
    'codex_failed',
    `Codex exited with ${outcome.exitCode === null ? `signal ${outcome.exitSignal}` : `code ${outcome.exitCode}`}: ${tail}`,
    { status: 500, details },
  );
}
