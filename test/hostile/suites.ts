/**
 * Which categories each suite file runs; together they run every case (cases.test.ts checks it). Split so
 * that vitest can run the files side by side where there are cores for it.
 */
export const SUITES = {
  /** Diffs whose shape says one thing and does another: counts, renames, joins, positions, formats, binary. */
  diffShape: ['header-counts', 'rename-copy-delete', 'no-newline-join', 'hunk-position', 'formats', 'binary'],
  /** What the written files would hold: credentials, text that reads differently, YAML that explodes. */
  content: ['credentials', 'needs-secret', 'hidden-text', 'yaml-bomb'],
  /** Where a proposal may write and how: paths, modes, sizes, and files too big to read. */
  paths: ['paths', 'modes', 'limits', 'sparse-files'],
  /**
   * The repository as attacker: planted records and backups, git settings that run commands, files that
   * change after the review; and the proposals that must apply, exactly as reviewed.
   */
  repoState: ['planted-backup', 'planted-meta', 'git-config', 'stale', 'allowed'],
};
