import type { InsightEvidence } from './evidence.js';
import { buildOutputSchema, REQUIRED_SECTIONS } from './writer-contract.js';

/**
 * `INSIGHT_PROMPT.md`: the writer contract, the answer's JSON Schema and the whole evidence bundle.
 * Self-contained on purpose: Codex runs read-only and must not need to open any file, and the same
 * text lets a live Codex session write `insights.generated.json` after `--prepare-only`.
 */
export function buildInsightPrompt(evidence: InsightEvidence): string {
  const name = evidence.user_name;
  const addressee = name === 'you' ? 'the person' : name;
  const sessionCount = evidence.coverage.sessions_analyzed;
  return `# Codex usage insight report

You are writing the narrative of a usage report about how ${addressee} works with Codex, over
${evidence.window.since} → ${evidence.window.until} (${evidence.window.days} days, ${sessionCount} sessions analyzed).
The deterministic numbers are already computed; your job is the insight a person can act on.

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
5. In \`prompting_help.prompts\`, give copyable prompts in plain words for situations where ${addressee} lacks the
   technical vocabulary: describe the goal and what "done" looks like, so the prompt works without jargon.
6. Put missing-data caveats in \`metadata.limitations\`: sparse sessions, absent telemetry, trimmed evidence,
   parse problems. Keep the bundle's \`limitations\` there too. Sparse data is not a failure: say so and stay conservative.
7. Every claim points at its evidence: list the session ids (from \`sessions[].id\` or \`examples\`) in the
   \`evidence\` arrays. Cite only ids that appear in this bundle; an unknown id makes the answer invalid.
8. \`suggestions.agents_md_additions\` must not repeat what the projects' AGENTS.md or skills already say
   (see \`project_guidance\`); write text ready to paste, and say where it goes.
9. Every required section must have content. \`project_areas.areas[].session_count\` counts sessions in the bundle.
10. Do not repeat secrets, tokens or private fragments; values shown as \`[REDACTED:…]\` stay redacted.
11. Keep recommendations copyable and non-destructive; no cleanup commands that delete anything.
12. \`fun_ending\` is one light, true moment from the evidence.

## JSON Schema of the answer

\`\`\`json
${JSON.stringify(buildOutputSchema())}
\`\`\`

## Evidence bundle (insight-evidence.json)

\`\`\`json
${JSON.stringify(evidence, null, 1)}
\`\`\`
`;
}
