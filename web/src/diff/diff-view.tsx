import { type ReactNode, useCallback, useId, useState } from 'react';
import type { PatchView } from '../api/types.js';
import { FileDiff } from './file-diff.js';
import { FileTreeView } from './file-tree-view.js';

const LAYOUT_KEY = 'codex-retro.diff-layout';

function readLayout(): boolean {
  try {
    return window.localStorage.getItem(LAYOUT_KEY) === 'split';
  } catch {
    return false;
  }
}

/**
 * The patch the server parsed, as a code review shows it: a toolbar (unified or side by side, fold all,
 * the file tree), the tree of every changed path, and each file folded or open. When the diff did not parse
 * there is no structure: its text is shown as it is.
 */
export function DiffView({ patch, diff }: { patch: PatchView | null; diff: string }): ReactNode {
  const [split, setSplitState] = useState(readLayout);
  const [collapsed, setCollapsed] = useState<Set<number>>(() => new Set());
  const [showTree, setShowTree] = useState(true);
  const name = useId();

  const setSplit = (value: boolean) => {
    setSplitState(value);
    try {
      window.localStorage.setItem(LAYOUT_KEY, value ? 'split' : 'unified');
    } catch {
      // A browser that keeps nothing starts unified next time.
    }
  };
  const toggle = useCallback((index: number) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  }, []);
  const pick = useCallback((index: number) => {
    setCollapsed((current) => {
      if (!current.has(index)) return current;
      const next = new Set(current);
      next.delete(index);
      return next;
    });
    requestAnimationFrame(() => {
      const element = document.getElementById(`diff-file-${index}`);
      element?.scrollIntoView({ block: 'start' });
      element?.querySelector<HTMLElement>('.fold')?.focus({ preventScroll: true });
    });
  }, []);

  if (patch === null || patch.files.length === 0) {
    return (
      <section className="diff-view" aria-label="Diff">
        <pre className="code">{diff || '(empty diff)'}</pre>
      </section>
    );
  }
  const files = patch.files;
  const added = files.reduce((sum, file) => sum + file.added, 0);
  const removed = files.reduce((sum, file) => sum + file.removed, 0);
  const allCollapsed = collapsed.size === files.length;

  return (
    <section className="diff-view" aria-label="Diff">
      <div className="diff-toolbar">
        <h3>
          {files.length} changed file{files.length === 1 ? '' : 's'}{' '}
          <span className="counts">
            <span className="add">+{added}</span> <span className="del">−{removed}</span>
          </span>
        </h3>
        <fieldset className="segmented">
          <legend className="visually-hidden">Diff layout</legend>
          <label className={split ? '' : 'on'}>
            <input type="radio" name={name} checked={!split} onChange={() => setSplit(false)} /> Unified
          </label>
          <label className={split ? 'on' : ''}>
            <input type="radio" name={name} checked={split} onChange={() => setSplit(true)} /> Side by side
          </label>
        </fieldset>
        <button
          type="button"
          className="btn small"
          onClick={() => setCollapsed(allCollapsed ? new Set() : new Set(files.map((_, i) => i)))}
        >
          {allCollapsed ? 'Expand all' : 'Collapse all'}
        </button>
        <button
          type="button"
          className="btn small"
          aria-pressed={showTree}
          onClick={() => setShowTree((value) => !value)}
        >
          File tree
        </button>
      </div>
      <div className={`diff-layout${showTree ? ' with-tree' : ''}`}>
        {showTree ? <FileTreeView files={files} onPick={pick} /> : null}
        <div className="diff-files">
          {files.map((file, index) => (
            <FileDiff
              key={`${file.old_path}:${file.path}`}
              file={file}
              index={index}
              split={split}
              collapsed={collapsed.has(index)}
              onToggle={toggle}
            />
          ))}
        </div>
      </div>
    </section>
  );
}
