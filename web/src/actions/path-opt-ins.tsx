import { type ReactNode, useId } from 'react';

export interface PathOptIns {
  subtreeAgents: boolean;
  /** One path per line: an exact file, or a folder written as `dir/`. */
  paths: string;
}

export function listAllowedPaths(optIns: PathOptIns): string[] {
  return [
    ...new Set(
      optIns.paths
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * What the next proposal may change beyond `.codex/skills/**` and AGENTS.md, chosen for that proposal and
 * recorded in its record; secrets, git internals and the like stay refused whatever is listed.
 */
export function PathOptInsFields({
  value,
  onChange,
}: {
  value: PathOptIns;
  onChange: (value: PathOptIns) => void;
}): ReactNode {
  const id = useId();
  return (
    <fieldset className="opt-ins">
      <legend>This proposal may also change</legend>
      <label>
        <input
          type="checkbox"
          checked={value.subtreeAgents}
          onChange={(event) => onChange({ ...value, subtreeAgents: event.target.checked })}
        />{' '}
        AGENTS.md files in subfolders
      </label>
      <label className="field">
        <span>Other paths, one per line (a folder as dir/)</span>
        <textarea
          rows={2}
          value={value.paths}
          spellCheck={false}
          placeholder="docs/codex.md"
          aria-describedby={`${id}-note`}
          onChange={(event) => onChange({ ...value, paths: event.target.value })}
        />
      </label>
      <p id={`${id}-note`} className="muted small">
        Secrets, keys, git internals and binaries stay refused whatever is listed.
      </p>
    </fieldset>
  );
}
