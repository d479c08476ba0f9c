import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

const NEXT_STEPS: Record<string, string> = {
  codex_not_logged_in:
    'Next: run `codex login` with the same CODEX_HOME the server uses, then run this again.',
  codex_not_found:
    'Next: install the Codex CLI (`npm install -g @openai/codex`) or start the server with `--codex-bin PATH`, then run this again.',
  proposal_stale:
    'Next: the files changed since this diff was generated. Generate a new diff from the same insight and review it again.',
  unauthorized: 'Next: open the SERVE_URL that `codex-retro serve` printed; it signs this page in.',
};

/** The next thing to try for an error code, when there is a known one. */
function nextStepFor(code: string): string | null {
  return NEXT_STEPS[code] ?? null;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof Error) {
    return {
      code: 'network',
      message: `${error.message}. Check that \`codex-retro serve\` is still running.`,
    };
  }
  return { code: 'unknown', message: String(error) };
}

/** Says what happened (the server's own message) and what to do next. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }): ReactNode {
  const { code, message } =
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    'message' in error &&
    !(error instanceof Error)
      ? { code: String(error.code), message: String(error.message) }
      : describeError(error);
  const next = nextStepFor(code);
  return (
    <div className="notice error" role="alert" data-code={code}>
      <strong>{title ?? 'Something went wrong'}</strong>
      <p>{message}</p>
      {next ? <p className="next-step">{next}</p> : null}
      <p className="muted small">code: {code}</p>
    </div>
  );
}
