import type { ReactNode } from 'react';
import { foldText } from './entry-text.js';

function lineClass(line: string): string {
  if (
    line.startsWith('***') ||
    line.startsWith('+++') ||
    line.startsWith('---') ||
    line.startsWith('diff ')
  ) {
    return 'pl-file';
  }
  if (line.startsWith('@@')) return 'pl-hunk';
  if (line.startsWith('+')) return 'pl-add';
  if (line.startsWith('-')) return 'pl-del';
  return 'pl-ctx';
}

/** A patch as Codex wrote it (apply_patch envelope or unified diff), colored line by line. */
export function PatchText({
  text,
  expanded,
  onToggle,
}: {
  text: string;
  expanded: boolean;
  onToggle: () => void;
}): ReactNode {
  const folded = foldText(text);
  const shown = (folded && !expanded ? folded.head : text).replace(/\n$/, '');
  return (
    <>
      <pre className="code patch-text">
        {shown.split('\n').map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed text, in order.
          <span key={i} className={lineClass(line)}>
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
      {folded ? (
        <button type="button" className="btn link" aria-expanded={expanded} onClick={onToggle}>
          {expanded ? 'Show less' : `Show all (${folded.hiddenLines} more lines)`} <kbd>o</kbd>
        </button>
      ) : null}
    </>
  );
}
