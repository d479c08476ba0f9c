import type { ProposalView } from '../workflows/proposals.js';

/** A proposal as plain text: summary, files, safety notes and each validation check. */
export function formatProposal(view: Omit<ProposalView, 'diff'>): string {
  const lines = [`Proposal ${view.proposal_id}: ${view.status}`, `Summary: ${view.summary || '(none)'}`];
  lines.push(`Files: ${view.files_touched.length > 0 ? view.files_touched.join(', ') : '(none)'}`);
  for (const note of view.safety_notes) lines.push(`Safety note: ${note}`);
  if (view.error) lines.push(`Error: ${view.error.message}`);
  if (view.validation) {
    lines.push(
      `Validation: ${view.validation.ok ? 'passed' : 'FAILED'}${view.validation.stale ? ' (stale: the repository changed since)' : ''}`,
    );
    for (const check of view.validation.checks) {
      lines.push(`  ${check.ok ? '✓' : '✗'} ${check.label}${check.message ? ` — ${check.message}` : ''}`);
    }
  }
  if (view.applied_at) {
    lines.push(`Applied at ${view.applied_at}: ${(view.files_changed ?? []).map((f) => f.path).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
