import type { ReactNode } from 'react';
import type { ServerStatus } from '../api/types.js';
import { ErrorNotice } from './error-notice.js';

/** What the server runs with, and a warning when Codex cannot run at all. */
export function StatusBar({ status, error }: { status: ServerStatus | null; error: unknown }): ReactNode {
  if (error) return <ErrorNotice error={error} title="The server cannot be reached" />;
  if (!status) return null;
  return (
    <>
      <p className="status-line muted small">
        <span title="Codex CLI">
          codex{' '}
          {status.codex.found ? (status.codex.version ?? 'found') : <span className="bad">not found</span>}
        </span>
        {status.logged_in === false ? (
          <span className="muted" title={status.logged_in_hint ?? undefined}>
            (no login found)
          </span>
        ) : null}
        <span title="CODEX_HOME">{status.codex_home}</span>
        {status.repo_root ? (
          <span title="Repository proposals apply to">repo {status.repo_root}</span>
        ) : (
          <span title="Insights and proposals are stored in a repository: start codex-retro serve with --repo DIR">
            no repository (browsing only)
          </span>
        )}
        {status.demo ? (
          <span className="badge" title="No sessions were found in this CODEX_HOME">
            showing sample sessions
          </span>
        ) : null}
      </p>
      {!status.codex.found ? (
        <ErrorNotice
          error={{
            code: 'codex_not_found',
            message: 'The Codex CLI was not found, so insights and proposals cannot run.',
          }}
          title="Codex is not available"
        />
      ) : null}
    </>
  );
}
