import type { ReactNode } from 'react';
import type { PatchFileView } from '../api/types.js';
import { highlightLine, type Language, languageOf } from './highlight.js';
import { type DiffRow, describeChange, hunkRows, pairRows } from './rows.js';

function Code({ text, language }: { text: string; language: Language }): ReactNode {
  return (
    <>
      {highlightLine(text, language).map((token, i) =>
        token.kind ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: tokens of one fixed line, in order.
          <span key={i} className={`tok-${token.kind}`}>
            {token.text}
          </span>
        ) : (
          token.text
        ),
      )}
    </>
  );
}

const SIGN: Record<DiffRow['kind'], string> = { add: '+', del: '-', ctx: ' ', note: '' };

function UnifiedHunkRows({ lines, language }: { lines: DiffRow[]; language: Language }): ReactNode {
  return lines.map((line, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: lines of one hunk, in order.
    <tr key={i} className={`dl ${line.kind}`}>
      <td className="ln">{line.oldNo ?? ''}</td>
      <td className="ln">{line.newNo ?? ''}</td>
      <td className="sign">{SIGN[line.kind]}</td>
      <td className="src">
        {line.kind === 'note' ? line.text : <Code text={line.text} language={language} />}
      </td>
    </tr>
  ));
}

function SplitHunkRows({ lines, language }: { lines: DiffRow[]; language: Language }): ReactNode {
  const side = (line: DiffRow | null, which: 'left' | 'right') => {
    if (!line)
      return [
        <td key={`${which}-n`} className="ln empty" />,
        <td key={`${which}-s`} className="src empty" />,
      ];
    return [
      <td key={`${which}-n`} className={`ln ${line.kind}`}>
        {which === 'left' ? (line.oldNo ?? '') : (line.newNo ?? '')}
      </td>,
      <td key={`${which}-s`} className={`src ${line.kind}`}>
        {line.kind === 'note' ? line.text : <Code text={line.text} language={language} />}
      </td>,
    ];
  };
  return pairRows(lines).map((row, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: rows of one hunk, in order.
    <tr key={i} className="dl split">
      {side(row.left, 'left')}
      {side(row.right, 'right')}
    </tr>
  ));
}

export const OPERATION_WORD: Record<PatchFileView['operation'], string> = {
  add: 'added',
  modify: 'modified',
  delete: 'deleted',
  rename: 'renamed',
  copy: 'copied',
};

function HunkHead({ header, stated }: { header: string; stated: string | null }): ReactNode {
  return (
    <tr className="hunk-head">
      <td colSpan={4}>
        {header}
        {stated ? (
          <span className="recounted">
            {' '}
            — recounted: the diff said <code>{stated}</code>, its lines make it this
          </span>
        ) : null}
      </td>
    </tr>
  );
}

interface FileDiffProps {
  file: PatchFileView;
  index: number;
  split: boolean;
  collapsed: boolean;
  onToggle: (index: number) => void;
  /** The section's id (its body's is this with `-body`): a page that shows several diffs gives each its own. */
  id?: string;
}

/** One changed file: a header that folds it (operation, path, counts) and its hunks, every line shown. */
export function FileDiff({ file, index, split, collapsed, onToggle, id }: FileDiffProps): ReactNode {
  const language = languageOf(file.path);
  const moved = file.operation === 'rename' || file.operation === 'copy';
  const sectionId = id ?? `diff-file-${index}`;
  const bodyId = `${sectionId}-body`;
  const recounted = file.hunks.some((hunk) => hunk.stated_header !== null);
  return (
    <section
      className="diff-file"
      id={sectionId}
      aria-label={`Changes to ${file.path}`}
      data-operation={file.operation}
      data-collapsed={collapsed}
    >
      <header className="diff-file-head">
        <button
          type="button"
          className="fold"
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          onClick={() => onToggle(index)}
        >
          <span className="chevron" aria-hidden="true">
            {collapsed ? '▸' : '▾'}
          </span>
          <span className="visually-hidden">{collapsed ? 'Show' : 'Hide'} the changes to </span>
          <code className="diff-path">
            {moved && file.old_path ? `${file.old_path} → ` : ''}
            {file.path}
          </code>
        </button>
        <span className={`badge op-${file.operation}`} title={describeChange(file)}>
          {OPERATION_WORD[file.operation]}
        </span>
        {recounted ? <span className="badge warn">recounted</span> : null}
        <span className="counts">
          <span className="add">+{file.added}</span> <span className="del">−{file.removed}</span>
        </span>
      </header>
      {collapsed ? null : (
        <div id={bodyId}>
          {[file.old_mode, file.new_mode].some((mode) => mode !== null && mode !== '100644') ? (
            <p className="diff-note small">
              mode {file.old_mode ?? '—'} → {file.new_mode ?? '—'}
            </p>
          ) : null}
          {file.binary ? <p className="diff-note small">Binary content (never applied)</p> : null}
          {file.hunks.length === 0 && !file.binary ? (
            <p className="diff-note small">No lines change ({describeChange(file)}).</p>
          ) : null}
          <div className="diff-scroll">
            <table className={`diff-table${split ? ' split' : ''}`}>
              {split ? (
                <colgroup>
                  <col className="c-ln" />
                  <col className="c-src" />
                  <col className="c-ln" />
                  <col className="c-src" />
                </colgroup>
              ) : (
                <colgroup>
                  <col className="c-ln" />
                  <col className="c-ln" />
                  <col className="c-sign" />
                  <col />
                </colgroup>
              )}
              {file.hunks.map((hunk, h) => {
                const rows = hunkRows(hunk);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: hunks of one file, in order.
                  <tbody key={h}>
                    <HunkHead header={hunk.header} stated={hunk.stated_header} />
                    {split ? (
                      <SplitHunkRows lines={rows} language={language} />
                    ) : (
                      <UnifiedHunkRows lines={rows} language={language} />
                    )}
                  </tbody>
                );
              })}
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
