import type { ReactNode } from 'react';
import type { RunMode } from '../api/types.js';

const MODES: { value: RunMode; title: string; effect: string }[] = [
  {
    value: 'fork',
    title: 'Fork',
    effect: 'runs in a new session branched from this one; the original is left unchanged.',
  },
  {
    value: 'resume',
    title: 'Resume',
    effect: 'continues this session in place; its history grows.',
  },
];

/** Fork or resume, fork by default, each saying what it does to the original session. */
export function ModeChoice({
  mode,
  onChange,
}: {
  mode: RunMode;
  onChange: (mode: RunMode) => void;
}): ReactNode {
  return (
    <fieldset className="mode-choice">
      <legend>How Codex runs on this session</legend>
      {MODES.map((choice) => (
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
    </fieldset>
  );
}
