import type { ReactNode } from 'react';
import type { ServerStatus, SessionQuery } from '../api/types.js';

/** Shown above the list while the server shows the sample sessions shipped with codex-retro. */
export function SampleNotice({ status }: { status: ServerStatus | null }): ReactNode {
  if (!status?.demo) return null;
  return (
    <div className="notice warn" role="note" data-testid="sample-notice">
      <strong>Sample sessions</strong>
      <p>
        No Codex sessions were found in {status.requested_codex_home ?? 'your Codex home'}, so these samples
        shipped with codex-retro are shown. Use Codex, then start codex-retro again (or pass --codex-home
        DIR).
      </p>
    </div>
  );
}

interface EmptyListProps {
  query: SessionQuery;
  /** Sessions in the Codex home before any filter, as the server counted them. */
  homeTotal: number | null;
  status: ServerStatus | null;
}

/** Why the list is empty: an empty Codex home, the filters typed, or the sessions the checkboxes hide. */
export function EmptyList({ query, homeTotal, status }: EmptyListProps): ReactNode {
  const filtered = query.search.trim() !== '' || query.project.trim() !== '' || query.days !== null;
  let text: string;
  if (homeTotal === 0) {
    text = `No Codex sessions in ${status?.codex_home ?? 'this Codex home'} yet. Codex saves every session there; if yours are elsewhere, start codex-retro with --codex-home DIR.`;
  } else if (filtered) {
    text = 'No sessions match. Try fewer words or a longer time range.';
  } else {
    text =
      homeTotal === 1
        ? 'The one session in this Codex home is hidden by the checkboxes above: it is archived or a run of codex-retro itself.'
        : `${homeTotal === null ? 'The' : `All ${homeTotal.toLocaleString()}`} sessions in this Codex home are hidden by the checkboxes above: they are archived or runs of codex-retro itself.`;
  }
  return <p className="empty">{text}</p>;
}
