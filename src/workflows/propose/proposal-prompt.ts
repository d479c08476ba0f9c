import { z } from 'zod';
import { formatBytes, PATCH_LIMITS } from '../../patch/index.js';

/** The structured answer workflow B asks Codex for. */
export const proposalAnswerSchema = z.object({
  diff: z
    .string()
    .describe('One unified diff (git format, a/ and b/ paths relative to the repository root), or ""'),
  summary: z.string().describe('One to three sentences for the person reviewing the diff'),
  files_touched: z.array(z.string()).describe('Every path the diff changes'),
  safety_notes: z.array(z.string()).describe('What a reviewer should double-check, or []'),
});

const NO_CHANGE_SUMMARY = 'no change needed';

/**
 * The instructions of a proposal run. Codex runs read-only: it can look, but the diff it answers is only
 * stored; a person applies it after the backend validates it.
 */
export function buildProposalPrompt(parts: {
  userPrompt: string | null;
  insightsMarkdown: string;
  repoFiles: string;
  transcriptDigest: string;
  /** A digest run: the session is not in Codex's history, only in the transcript given here. */
  digestOnly?: boolean;
  subtreeAgents: boolean;
  allowPaths?: readonly string[];
}): string {
  const allowed = [
    '- `AGENTS.md` at the repository root',
    '- files under `.codex/skills/<skill-name>/`: `SKILL.md` and optional `scripts/`, `references/`, `assets/`',
  ];
  if (parts.subtreeAgents) allowed.push('- `AGENTS.md` files in subdirectories');
  for (const path of parts.allowPaths ?? []) {
    allowed.push(
      `- \`${path}\`${path.endsWith('/') || path.endsWith('/**') ? ' (files in this folder)' : ''}, which the person allowed for this proposal`,
    );
  }
  const source = parts.digestOnly
    ? '\nThe session is not in your history: it reaches you only as the transcript at the end.\n'
    : '';
  return `Improve the instructions this repository gives Codex, using what was learned from the session and the insights below.
${source}
Propose the change as ONE unified diff that touches only:
${allowed.join('\n')}
Nothing else may change: no source code, no configuration, no other files.

Rules:
- Do not run commands and do not edit files: this run is read-only. Your diff is reviewed and applied later by a person.
- The diff must apply to the files exactly as shown below: git format (\`diff --git a/PATH b/PATH\`, \`--- a/PATH\`, \`+++ b/PATH\`), correct context lines and hunk line counts; a new file uses \`--- /dev/null\`.
- A SKILL.md starts with YAML frontmatter between \`---\` lines holding \`name\` (lowercase letters, digits and hyphens, at most 64 characters) and \`description\` (when to use the skill, at most 1024 characters); the only other keys allowed are \`license\`, \`allowed-tools\` and \`metadata\`. The instructions follow the frontmatter.
- Stay within ${PATCH_LIMITS.maxFiles} files, ${formatBytes(PATCH_LIMITS.maxFileBytes)} per resulting file and ${formatBytes(PATCH_LIMITS.maxPatchBytes)} for the whole diff; no binary files, no symlinks, no executable modes.
- Keep it small and specific: a few lines that would have saved time in this session beat a long essay. Do not repeat what the files already say.
- Never write secrets, keys, tokens or personal data into the diff.
- If nothing is worth changing, answer "diff": "", "files_touched": [], "summary": "${NO_CHANGE_SUMMARY}".
- "summary": what the change does and why, in one to three sentences. "files_touched": every path in the diff. "safety_notes": anything a reviewer should check (for example an instruction that loosens safety), or [].
${parts.userPrompt ? `\nAlso from the person asking:\n${parts.userPrompt}\n` : ''}
<insights>
${parts.insightsMarkdown.trim()}
</insights>

<repository-files>
${parts.repoFiles}
</repository-files>

<transcript>
${parts.transcriptDigest}
</transcript>`;
}
