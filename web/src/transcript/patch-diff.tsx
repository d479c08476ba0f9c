import { type ReactNode, useState } from 'react';
import type { PatchFileView, TranscriptEntry } from '../api/types.js';
import { FileDiff, OPERATION_WORD } from '../diff/file-diff.js';

type PatchFile = NonNullable<TranscriptEntry['patch']>['files'][number];

/** Files with more lines than this start folded; `o` on the entry, or a file's header, opens them. */
const OPEN_LINES = 80;

const OPERATION: Record<PatchFile['kind'], PatchFileView['operation']> = {
  add: 'add',
  update: 'modify',
  delete: 'delete',
  move: 'rename',
};

/**
 * A file of a patch Codex applied, as the review's diff viewer takes it. The server sent its lines part by part;
 * apply_patch places a part by its content, so only a file it adds has line numbers, and a part's header is
 * the anchor line the patch gave (or `@@`). Nothing is parsed here.
 */
function toFileView(file: PatchFile): PatchFileView {
  const operation = OPERATION[file.kind];
  const target = file.move_to ?? file.path;
  return {
    operation,
    path: operation === 'delete' ? file.path : target,
    old_path: operation === 'add' ? null : file.path,
    new_path: operation === 'delete' ? null : target,
    old_mode: null,
    new_mode: null,
    binary: false,
    added: file.added,
    removed: file.removed,
    hunks: (file.hunks ?? []).map((hunk) => ({
      header: hunk.header,
      stated_header: null,
      // Not shown by the viewer: apply_patch does not say where a part applies.
      old_start: 0,
      old_count: 0,
      new_start: 0,
      new_count: 0,
      lines: hunk.lines.map((line) => ({ ...line, no_newline: false })),
    })),
  };
}

function lineCount(file: PatchFile): number {
  return (file.hunks ?? []).reduce((sum, hunk) => sum + hunk.lines.length, 0);
}

interface PatchDiffProps {
  entry: TranscriptEntry;
  /** The entry's index in the transcript: the files' ids are made from it. */
  index: number;
  expanded: boolean;
}

/** A patch entry of the transcript as a diff: each file it touches, folded when long, with its lines. */
export function PatchDiff({ entry, index, expanded }: PatchDiffProps): ReactNode {
  const files = entry.patch?.files ?? [];
  const [toggled, setToggled] = useState<Set<number>>(() => new Set());
  const toggle = (i: number) =>
    setToggled((current) => {
      const next = new Set(current);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  return (
    <div className="transcript-patch">
      {files.map((file, i) => {
        const key = `${i}-${file.path}`;
        if (!file.hunks || file.hunks.length === 0) {
          // A deleted file (apply_patch does not repeat its lines), or a transcript without the lines.
          return (
            <p key={key} className="patch-file-line">
              <span className={`badge op-${OPERATION[file.kind]}`}>
                {OPERATION_WORD[OPERATION[file.kind]]}
              </span>{' '}
              <code>{file.path}</code>
              {file.move_to ? (
                <>
                  {' '}
                  → <code>{file.move_to}</code>
                </>
              ) : null}{' '}
              <span className="add">+{file.added}</span> <span className="del">−{file.removed}</span>
            </p>
          );
        }
        const folded = lineCount(file) > OPEN_LINES && !expanded;
        return (
          <FileDiff
            key={key}
            id={`entry-${index}-file-${i}`}
            file={toFileView(file)}
            index={i}
            split={false}
            collapsed={folded !== toggled.has(i)}
            onToggle={toggle}
          />
        );
      })}
    </div>
  );
}
