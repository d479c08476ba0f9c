import { isRetroError } from '../errors.js';
import { redactText } from '../redact/index.js';
import type { JobRecord, JobStatus } from './types.js';

export type StopReason = 'cancel' | 'timeout';

export interface Outcome {
  status: Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled'>;
  error: JobRecord['error'];
  result: JobRecord['result'];
  exitStatus: number | null;
}

/** How a stopped job ends, whatever its run threw while it was being stopped. */
export function stoppedOutcome(reason: StopReason, timeoutMs: number): Outcome {
  if (reason === 'cancel') {
    return {
      status: 'cancelled',
      error: { code: 'cancelled', message: 'The job was cancelled; its Codex processes were stopped.' },
      result: null,
      exitStatus: null,
    };
  }
  return {
    status: 'failed',
    error: {
      code: 'job_timeout',
      message: `The job took longer than ${Math.round(timeoutMs / 1000)} s and was stopped. Run it again, or allow more time.`,
    },
    result: null,
    exitStatus: null,
  };
}

/** A run that threw: its stable code and message (redacted: messages can quote command output). */
export function failedOutcome(error: unknown): Outcome {
  if (isRetroError(error)) {
    const exitCode = error.details?.exit_code;
    return {
      status: 'failed',
      error: { code: error.code, message: redactText(error.message) },
      result: null,
      exitStatus: typeof exitCode === 'number' ? exitCode : null,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'failed',
    error: { code: 'internal_error', message: redactText(`The job failed unexpectedly: ${message}`) },
    result: null,
    exitStatus: null,
  };
}
