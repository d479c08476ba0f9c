/** An error on its way between threads: a message carries no Error's class or code, so its code goes beside it. */
export interface ThreadError {
  code?: string;
  message: string;
}

/** What of `error` a message to another thread carries: its message, and its code when it has one. */
export function describeError(error: unknown): ThreadError {
  const message = (error as Error | null)?.message ?? String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code, message } : { message };
}

/** The Error again on the receiving side, with its code. */
export function toError(problem: ThreadError): Error {
  return Object.assign(new Error(problem.message), { code: problem.code });
}
