/**
 * One verdict on a patch. The ids are stable (the API, the audit and the tests name reasons by them); the
 * label says what was checked, the message what was found.
 */
export interface Check {
  id: string;
  label: string;
  ok: boolean;
  message: string;
  details?: unknown;
}

/** Every check a proposal goes through, in the order they run and are shown. */
const CHECK_LABELS = {
  untrusted_state: 'Proposal recorded by codex-retro, in its own state folder',
  has_changes: 'The patch changes something',
  limits_patch_size: 'Patch size within the limit',
  no_binary: 'No binary content',
  parse: 'Parses as a unified diff',
  undeclared_rename: 'Renames and copies are declared',
  path_syntax: 'Paths are relative, normalized and inside the repository',
  path_charset: 'Paths use plain ASCII names',
  path_case: 'Protected names are spelled exactly',
  path_denylist: 'No secrets, keys, binaries or git internals',
  path_allowed: 'Only .codex/skills/** and AGENTS.md (or opted-in paths)',
  no_symlinks: 'No symlinks, on the way or created',
  file_modes: 'No mode changes or executable files',
  limits_files: 'Number of files within the limit',
  needs_secret: 'Applies without knowing a masked credential',
  applies: 'Applies exactly where each hunk says, to the files as they are now',
  limits_file_size: 'Resulting file sizes within the limit',
  no_secrets: 'No credentials in what the patch writes',
  no_hidden_text: 'No hidden characters in what the patch writes',
  skill_frontmatter: 'Every SKILL.md still loads',
  fresh: 'Repository unchanged since the proposal was made',
} as const;

export type CheckId = keyof typeof CHECK_LABELS;

export function passCheck(id: CheckId, message: string, details?: unknown): Check {
  return { id, label: CHECK_LABELS[id], ok: true, message, ...(details === undefined ? {} : { details }) };
}

export function failCheck(id: CheckId, message: string, details?: unknown): Check {
  return { id, label: CHECK_LABELS[id], ok: false, message, ...(details === undefined ? {} : { details }) };
}

/** A check that could not run because an earlier one failed; it counts as not passed. */
export function skipCheck(id: CheckId, reason: string): Check {
  return {
    id,
    label: CHECK_LABELS[id],
    ok: false,
    message: `Not checked: ${reason}`,
    details: { skipped: true },
  };
}

/** Whether a check did not run (an earlier one failed): neither passed nor failed on its own account. */
export function isSkipped(check: Pick<Check, 'details'>): boolean {
  const details = check.details;
  return (
    typeof details === 'object' && details !== null && (details as { skipped?: unknown }).skipped === true
  );
}

/** One check over many items: passes with `okMessage`, or fails listing each item's problem. */
export function collectCheck(
  id: CheckId,
  problems: { path: string; problem: string }[],
  okMessage: string,
): Check {
  if (problems.length === 0) return passCheck(id, okMessage);
  const shown = problems.slice(0, 3).map((p) => p.problem);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return failCheck(id, `${shown.join('; ')}${more}.`, { problems });
}
