/**
 * Errors a person can act on. `code` is stable (tests, the API and scripts match on it);
 * `message` says what happened and what to do next. The CLI prints `message` on one line,
 * the server answers `{ code, message }` with `status`.
 */
export class RetroError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RetroError';
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }
}

export function isRetroError(error: unknown): error is RetroError {
  return error instanceof RetroError;
}

/**
 * A command given wrongly: an unknown flag, a bad value, flags that exclude each other. The CLI exits 2 for it
 * (1 is for a command that was given rightly and failed); the server answers 400.
 */
export class UsageError extends RetroError {
  constructor(code: string, message: string) {
    super(code, message, { status: 400 });
    this.name = 'UsageError';
  }
}
