import { isSkipped } from '../patch/index.js';
import type { ProposalView } from '../workflows/apply/review.js';

/** A proposal as plain text: summary, files, safety notes and each validation check. */
export function formatProposal(
  view: Omit<ProposalView, 'diff' | 'patch' | 'integrity'> &
    Partial<Pick<ProposalView, 'patch' | 'integrity'>>,
): string {
  const lines = [`Proposal ${view.proposal_id}: ${view.status}`, `Summary: ${view.summary || '(none)'}`];
  lines.push(`Files: ${view.files_touched.length > 0 ? view.files_touched.join(', ') : '(none)'}`);
  const changes = view.patch?.files ?? [];
  if (changes.length > 0) lines.push('Changes:');
  for (const file of changes) {
    const moved = file.old_path !== null && file.new_path !== null && file.old_path !== file.new_path;
    lines.push(`  ${file.operation} ${moved ? `${file.old_path} → ${file.new_path}` : file.path}`);
  }
  for (const file of changes) {
    for (const hunk of file.hunks) {
      if (hunk.stated_header !== null) {
        lines.push(
          `Recounted: ${file.path}: the diff said ${hunk.stated_header}; its lines make it ${hunk.header} (shown above)`,
        );
      }
    }
  }
  for (const note of view.safety_notes) lines.push(`Safety note: ${note}`);
  if (view.error) lines.push(`Error: ${view.error.message}`);
  for (const problem of view.integrity?.problems ?? []) lines.push(`Note: ${problem}`);
  if (view.validation) {
    lines.push(
      `Validation: ${view.validation.ok ? 'passed' : 'FAILED'}${view.validation.stale ? ' (stale: the repository changed since)' : ''}`,
    );
    for (const check of view.validation.checks) {
      const mark = check.ok ? '✓' : isSkipped(check) ? '–' : '✗';
      lines.push(`  ${mark} ${check.label}${check.message ? ` — ${check.message}` : ''}`);
    }
  }
  if (view.applied_at) {
    lines.push(`Applied at ${view.applied_at}: ${(view.files_changed ?? []).map((f) => f.path).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
