import type { ReactNode } from 'react';

/** A list of repository paths, each set as code. */
export function FileList({ files }: { files: readonly string[] }): ReactNode {
  return (
    <ul className="file-list">
      {files.map((file) => (
        <li key={file}>
          <code>{file}</code>
        </li>
      ))}
    </ul>
  );
}
