import type { ReactNode } from 'react';
import type { Continuation, RunMode } from '../api/types.js';

const MODES: { value: RunMode; title: string; effect: string }[] = [
  {
    value: 'fork',
    title: 'Fork',
    effect:
      'runs in a new session branched from a redacted copy of this one; the original is left unchanged.',
  },
  {
    value: 'resume',
    title: 'Resume',
    effect: 'continues this session in place; its history grows, and Codex sends it as recorded.',
  },
];

/** The mode a run uses: the one chosen while Codex can do it, else what the server says works. */
export function effectiveMode(chosen: RunMode | null, continuation: Continuation | null): RunMode | null {
  if (!continuation) return chosen;
  if (chosen === 'fork' && continuation.fork) return chosen;
  if (chosen === 'resume' && continuation.resume) return chosen;
  return continuation.default_mode;
}

/**
 * How Codex runs on this session, offering only what Codex can do with it: fork (the default) and resume where
 * it can continue the session; where it cannot, the one thing that works, a run on a digest of the transcript.
 */
export function ModeChoice({
  mode,
  continuation,
  onChange,
}: {
  mode: RunMode | null;
  continuation: Continuation | null;
  onChange: (mode: RunMode) => void;
}): ReactNode {
  if (!continuation) {
    return (
      <fieldset className="mode-choice">
        <legend>How Codex runs on this session</legend>
        <p className="muted small">
          Checking whether Codex can continue this session… A run started now forks it where Codex can, and
          reads a digest of it where Codex cannot.
        </p>
      </fieldset>
    );
  }
  if (!continuation.fork) {
    return (
      <fieldset className="mode-choice" data-mode="digest">
        <legend>How Codex runs on this session</legend>
        <label className="on">
          <input type="radio" name="run-mode" value="digest" checked readOnly />
          <span>
            <strong>Digest</strong>: a new read-only Codex session reads a redacted digest of this transcript.
          </span>
        </label>
        <p className="mode-note" role="note">
          Codex cannot continue this session: {continuation.reason}. Insights and proposals read a digest of
          it instead.
        </p>
      </fieldset>
    );
  }
  const offered = MODES.filter((choice) => choice.value === 'fork' || continuation.resume);
  return (
    <fieldset className="mode-choice">
      <legend>How Codex runs on this session</legend>
      {offered.map((choice) => (
        <label key={choice.value} className={mode === choice.value ? 'on' : ''}>
          <input
            type="radio"
            name="run-mode"
            value={choice.value}
            checked={mode === choice.value}
            onChange={() => onChange(choice.value)}
          />
          <span>
            <strong>{choice.title}</strong>
            {choice.value === 'fork' ? <span className="badge">default</span> : null}: {choice.effect}
          </span>
        </label>
      ))}
      {continuation.resume ? null : (
        <p className="mode-note" role="note">
          Resume is not offered: {continuation.reason}.
        </p>
      )}
    </fieldset>
  );
}
