import type { FacetBatchSession } from './facet-contract.js';

/** The first line of every facet prompt: how a reader (and the test model server) tells it from the narrative's. */
export const FACET_PROMPT_TITLE = '# Codex session facets';

/** At most this many sessions, and about this many characters of digests, go into one `codex exec`. */
const BATCH_SESSIONS = 8;
const BATCH_CHARS = 48_000;

/** Splits the sessions to write into batches bounded in count and size, in the order given. */
export function splitIntoBatches(sessions: FacetBatchSession[]): FacetBatchSession[][] {
  const batches: FacetBatchSession[][] = [];
  let current: FacetBatchSession[] = [];
  let chars = 0;
  for (const session of sessions) {
    if (
      current.length > 0 &&
      (current.length >= BATCH_SESSIONS || chars + session.digest.length > BATCH_CHARS)
    ) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(session);
    chars += session.digest.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * The prompt of one batch: the rules, then each session's digest in a fence of its own. Self-contained:
 * Codex runs read-only and must not open any file.
 */
export function buildFacetPrompt(batch: FacetBatchSession[]): string {
  const sessions = batch
    .map(
      (session) =>
        `### Session ${session.id}\n\n\`\`\`text\n${session.digest.replaceAll('```', "'''")}\n\`\`\``,
    )
    .join('\n\n');
  return `${FACET_PROMPT_TITLE}

Below are digests of ${batch.length} Codex session(s): what the person typed ("you:"), Codex's replies ("codex:"),
tool calls with their results ("→ exit 1: …"), patches and errors. For each session, write its facets as JSON
matching the output schema: one entry in \`sessions\` per session, with its id.

Rules:
1. Use only the digest. Do not read files or run commands.
2. \`goal\`: what the person wanted, in one plain sentence. \`goal_category\`: the closest category.
3. \`outcome\`: achieved, partly, not, or unclear when the digest does not show how it ended. \`outcome_note\`
   says in one line what shows it.
4. \`satisfaction\` comes from the person's own words only (thanks, corrections, repeated asks, frustration);
   when they say nothing about it, it is unclear. Each signal quotes the person's words from a "you:" line.
5. \`friction\`: what got in the way, each with a quote copied word for word from the digest (one line, at most
   160 characters; "…" may join two pieces of one line). Empty when nothing got in the way.
   \`unclear_request\` is friction on the person's side; every other kind is on Codex's side or the setup's.
6. \`session_type\`: automated_run when nobody typed beyond one scripted prompt and nobody reacted.
7. Values shown as [REDACTED:…] stay redacted. Do not repeat secrets.

## Sessions

${sessions}
`;
}
