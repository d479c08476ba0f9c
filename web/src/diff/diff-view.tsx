import { type ReactNode, useId, useMemo, useState } from 'react';
import { highlightLine, type Language, languageOf } from './highlight.js';
import { type DiffFile, type DiffLine, pairLines, parseDiff } from './parse-diff.js';

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

const SIGN: Record<DiffLine['kind'], string> = { add: '+', del: '-', ctx: ' ', note: '' };

function UnifiedHunkRows({ lines, language }: { lines: DiffLine[]; language: Language }): ReactNode {
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

function SplitHunkRows({ lines, language }: { lines: DiffLine[]; language: Language }): ReactNode {
  const side = (line: DiffLine | null, which: 'left' | 'right') => {
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
  return pairLines(lines).map((row, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: rows of one hunk, in order.
    <tr key={i} className="dl split">
      {side(row.left, 'left')}
      {side(row.right, 'right')}
    </tr>
  ));
}

function FileDiff({ file, split }: { file: DiffFile; split: boolean }): ReactNode {
  const language = languageOf(file.path);
  return (
    <section className="diff-file" aria-label={`Changes to ${file.path}`}>
      <header className="diff-file-head">
        <span className={`badge status-${file.status}`}>{file.status}</span>
        <code className="diff-path">
          {file.status === 'renamed' && file.oldPath ? `${file.oldPath} → ` : ''}
          {file.path}
        </code>
        <span className="add">+{file.added}</span>
        <span className="del">−{file.removed}</span>
      </header>
      <div className="diff-scroll">
        <table className={`diff-table${split ? ' split' : ''}`}>
          <tbody>
            {file.hunks.map((hunk, h) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: hunks of one file, in order.
              <HunkBlock key={h} header={hunk.header}>
                {split ? (
                  <SplitHunkRows lines={hunk.lines} language={language} />
                ) : (
                  <UnifiedHunkRows lines={hunk.lines} language={language} />
                )}
              </HunkBlock>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function HunkBlock({ header, children }: { header: string; children: ReactNode }) {
  return (
    <>
      <tr className="hunk-head">
        <td colSpan={4}>{header}</td>
      </tr>
      {children}
    </>
  );
}

/** A unified diff shown file by file, unified or side by side, with line numbers and light highlighting. */
export function DiffView({ diff }: { diff: string }): ReactNode {
  const files = useMemo(() => parseDiff(diff), [diff]);
  const [split, setSplit] = useState(false);
  const name = useId();
  if (files.length === 0) {
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
      {files.map((file) => (
        <FileDiff key={`${file.oldPath}:${file.path}`} file={file} split={split} />
      ))}
    </div>
  );
}
