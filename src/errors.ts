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
