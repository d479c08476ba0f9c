import type { InsightEvidence } from './evidence.js';
import { buildOutputSchema, REQUIRED_SECTIONS } from './writer-contract.js';

/** The first line of the narrative's prompt: how a reader (and the test model server) tells it from a facet batch. */
export const INSIGHT_PROMPT_TITLE = '# Codex usage insight report';

/**
 * `INSIGHT_PROMPT.md`: the writer contract, the answer's JSON Schema and the whole evidence bundle.
 * Self-contained on purpose: Codex runs read-only and must not need to open any file, and the same
 * text lets a live Codex session write `insights.generated.json` after `--prepare-only`.
 */
export function buildInsightPrompt(evidence: InsightEvidence): string {
  const name = evidence.user_name;
  const addressee = name === 'you' ? 'the person' : name;
  const sessionCount = evidence.coverage.sessions_analyzed;
  const thin = evidence.coverage.thin_evidence;
  return `${INSIGHT_PROMPT_TITLE}

You are writing the narrative of a usage report about how ${addressee} works with Codex, over
${evidence.window.since} → ${evidence.window.until} (${evidence.window.days} days, ${sessionCount} sessions analyzed).
The deterministic numbers are already computed, and each session's facets (what the person wanted, how it ended,
how they seemed to feel, what got in the way, with quotes) were read from the whole session: \`sessions[].facets\`,
counted in \`facet_summary\`. Write from the facets and the metrics; your job is the insight a person can act on.

## Writer contract

Return only valid JSON (no Markdown fence, no prose around it) with exactly these top-level sections:
${REQUIRED_SECTIONS.map((section) => `- \`${section}\``).join('\n')}

Rules:
1. Use only the evidence bundle below. Do not read files or run commands; everything you may use is here.
2. Do not invent outcomes, files, tools, commands or user sentiment. If the evidence does not show it, do not claim it.
3. Write in second person ("you"), addressed to ${addressee}.
4. Keep Codex-side friction (failed commands, tool errors, aborted or failed turns, wrong approaches) in
   \`friction_analysis.codex_side\`, apart from ambiguity on the person's side (unclear asks, missing context,
   changed goals) in \`friction_analysis.user_side\`. Do not blame the person for Codex's failures or the reverse.
   Turns in which Codex stopped to wait for the person (\`approval_turns\`: questions, permission requests,
   commands outside the sandbox) are friction the person felt. Subagents (\`metrics.subagents\`, each session's
   \`subagents\`) are Codex working for a session, not sessions of the person.
5. In \`prompting_help.prompts\`, give copyable prompts in plain words for situations where ${addressee} lacks the
   technical vocabulary: describe the goal and what "done" looks like, so the prompt works without jargon.
6. Put missing-data caveats in \`metadata.limitations\`: sparse sessions, absent telemetry, trimmed evidence,
   parse problems. Keep the bundle's \`limitations\` there too. Sparse data is not a failure: say so and stay conservative.
7. Every claim points at its evidence: each \`evidence\` list names at least one session id from \`sessions[].id\`.
   Cite only those ids (the schema lists them); any other id makes the answer invalid.
8. \`suggestions.agents_md_additions\` must say something the projects' AGENTS.md or skills do not already say:
   see \`project_guidance\` (\`agents_md\` is the file on disk, \`recorded_agents_md\` what Codex was given in the
   sessions). An addition that repeats them is left out of the report. Write text ready to paste, and say where it goes.
9. Every required section must have content. For \`project_areas.areas[]\`, list every session of the area in its
   \`evidence\`; its \`session_count\` is the number of ids listed. Every number you state must come from the bundle.
${
  thin
    ? `   The evidence is thin (\`coverage.thin_evidence\`): \`prompting_help.prompts\` and \`suggestions.agents_md_additions\`
   may stay empty if nothing in it supports them; then say why in \`prompting_help.why_none\` and
   \`suggestions.agents_md_why_none\`.`
    : `   Give at least one item in \`prompting_help.prompts\` and in \`suggestions.agents_md_additions\`; leave
   \`prompting_help.why_none\` and \`suggestions.agents_md_why_none\` empty.`
}
10. Do not repeat secrets, tokens or private fragments; values shown as \`[REDACTED:…]\` stay redacted.
11. Keep recommendations copyable and non-destructive; no cleanup commands that delete anything.
12. \`fun_ending\` is one light, true moment from the evidence.

## JSON Schema of the answer

\`\`\`json
${JSON.stringify(buildOutputSchema(evidence.sessions.map((session) => session.id)))}
\`\`\`

## Evidence bundle (insight-evidence.json)

\`\`\`json
${JSON.stringify(evidence, null, 1)}
\`\`\`
`;
}
