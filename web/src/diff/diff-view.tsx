import { type ReactNode, useId, useState } from 'react';
import type { PatchFileView, PatchView } from '../api/types.js';
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
    const kind = line.kind === 'ctx' ? 'ctx' : line.kind;
    return [
      <td key={`${which}-n`} className={`ln ${kind}`}>
        {which === 'left' ? (line.oldNo ?? '') : (line.newNo ?? '')}
      </td>,
      <td key={`${which}-s`} className={`src ${kind}`}>
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

const BADGE: Record<PatchFileView['operation'], string> = {
  add: 'added',
  modify: 'modified',
  delete: 'deleted',
  rename: 'renamed',
  copy: 'copied',
};

function FileDiff({ file, split }: { file: PatchFileView; split: boolean }): ReactNode {
  const language = languageOf(file.path);
  const moved = file.operation === 'rename' || file.operation === 'copy';
  return (
    <section className="diff-file" aria-label={`Changes to ${file.path}`} data-operation={file.operation}>
      <header className="diff-file-head">
        <span className={`badge status-${BADGE[file.operation]}`} title={describeChange(file)}>
          {BADGE[file.operation]}
        </span>
        <code className="diff-path">
          {moved && file.old_path ? `${file.old_path} → ` : ''}
          {file.path}
        </code>
        <span className="add">+{file.added}</span>
        <span className="del">−{file.removed}</span>
      </header>
      {[file.old_mode, file.new_mode].some((mode) => mode !== null && mode !== '100644') ? (
        <p className="diff-note small">
          mode {file.old_mode ?? '—'} → {file.new_mode ?? '—'}
        </p>
      ) : null}
      {file.binary ? <p className="diff-note small">Binary content (never applied)</p> : null}
      <div className="diff-scroll">
        <table className={`diff-table${split ? ' split' : ''}`}>
          <tbody>
            {file.hunks.map((hunk, h) => {
              const rows = hunkRows(hunk);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: hunks of one file, in order.
                <HunkBlock key={h} header={hunk.header} stated={hunk.stated_header}>
                  {split ? (
                    <SplitHunkRows lines={rows} language={language} />
                  ) : (
                    <UnifiedHunkRows lines={rows} language={language} />
                  )}
                </HunkBlock>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function HunkBlock({
  header,
  stated,
  children,
}: {
  header: string;
  stated: string | null;
  children: ReactNode;
}) {
  return (
    <>
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
      {children}
    </>
  );
}

/**
 * The patch the server parsed, file by file, unified or side by side, with line numbers and light
 * highlighting. When the diff did not parse there is no structure: its text is shown as it is.
 */
export function DiffView({ patch, diff }: { patch: PatchView | null; diff: string }): ReactNode {
  const [split, setSplit] = useState(false);
  const name = useId();
  if (patch === null || patch.files.length === 0) {
    return <pre className="code">{diff || '(empty diff)'}</pre>;
  }
  return (
    <div className="diff-view">
      <fieldset className="segmented" aria-label="Diff layout">
        <label className={split ? '' : 'on'}>
          <input type="radio" name={name} checked={!split} onChange={() => setSplit(false)} /> Unified
        </label>
        <label className={split ? 'on' : ''}>
          <input type="radio" name={name} checked={split} onChange={() => setSplit(true)} /> Side by side
        </label>
      </fieldset>
      {patch.files.map((file) => (
        <FileDiff key={`${file.old_path}:${file.path}`} file={file} split={split} />
      ))}
    </div>
  );
}
