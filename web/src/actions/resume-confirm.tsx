import { type ReactNode, useState } from 'react';
import type { RunMode } from '../api/types.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';

/**
 * A resume writes into the person's own session: before it starts, say so and what codex-retro does about it.
 * A fork runs at once. Returns the function the Run button calls and the dialog to render.
 */
export function useResumeConfirm(
  mode: RunMode | null,
  run: () => void,
): { request: () => void; dialog: ReactNode } {
  const [asking, setAsking] = useState(false);
  const request = () => {
    if (mode === 'resume') setAsking(true);
    else run();
  };
  const dialog = (
    <ConfirmDialog
      open={asking}
      title="Resume this session?"
      confirmLabel="Resume it"
      onCancel={() => setAsking(false)}
      onConfirm={() => {
        setAsking(false);
        run();
      }}
    >
      <p>
        Resume continues this session in place: Codex adds codex-retro's prompt and its answer to the
        session's own history, and the rollout file grows.
      </p>
      <p>
        Those turns are marked as codex-retro's in the transcript and are not counted as yours. Codex sends
        the session's history to its model as it recorded it, secrets included. Fork (the default) leaves the
        session as it is and sends a redacted copy of its history.
      </p>
    </ConfirmDialog>
  );
  return { request, dialog };
}
