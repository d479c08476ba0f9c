/** The prompt the UI pre-fills and `insights run` uses when none is given. A person may edit it freely. */
export const DEFAULT_INSIGHTS_PROMPT = `Look back at this Codex session as a retrospective for the person who ran it.
- Goal: what were they trying to get done?
- Outcome: did they get there? If not, where did it stop?
- What worked: approaches, instructions or tools that moved the work forward.
- Friction: wasted turns, failed commands, misunderstandings, missing context, instructions that had to be repeated.
- Recommendations: concrete changes that would make the next session smoother — especially instructions that belong
  in the repository's AGENTS.md or in a repo skill under .codex/skills/<name>/SKILL.md.
Back every point with short quotes from the transcript.`;

/** Said to a digest run, which is a new session: "this session" is the transcript, not its own history. */
const DIGEST_ONLY = '\nThis session is not in your history: it reaches you only as the transcript below.\n';

/**
 * Wraps the person's prompt with what every insights run needs: the transcript digest to cite from, and the
 * rules of the answer. The run is read-only: nothing in the repository may change.
 */
export function buildInsightsPrompt(
  userPrompt: string,
  digest: string,
  options: { digestOnly?: boolean } = {},
): string {
  return `${userPrompt.trim()}
${options.digestOnly ? DIGEST_ONLY : ''}
Rules for this answer:
- Do not run commands and do not edit files; this is a read-only review.
- Answer with JSON only, matching the given schema.
- In "evidence", copy short quotes exactly as they appear in the transcript and set "entry" to the number N of the
  [#N ...] tag of the entry the quote comes from (null if you cannot tell).
- Keep each point short; prefer three strong points to ten weak ones. Never repeat secrets, keys or tokens.

The transcript of the session, as numbered entries (long entries and long sessions are shortened):
<transcript>
${digest}
</transcript>`;
}
