/**
 * The `insight-report` Codex skill (seed 1) as codex-retro installs it: the seed's name, description and
 * "when to use" triggers, and a workflow that runs `codex-retro report` over the window the person asks for.
 */

export const SKILL_NAME = 'insight-report';

/** The seed's description, word for word: what Codex reads to decide the skill fits. */
const DESCRIPTION =
  'WHAT: Generate Codex-authored HTML insights from local Codex sessions and telemetry. WHEN: Use when the user asks for Codex usage analytics, workflow patterns, session summaries, prompting help, or recommendations for improving how they use Codex.';

/** The frontmatter key that marks a SKILL.md this program wrote (and may replace or remove). */
export const INSTALLED_BY_KEY = 'installed-by';
export const INSTALLED_BY = 'codex-retro';

/** Quotes a word for a POSIX shell: single quotes, an inner one written as '\''. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

export interface SkillCommand {
  /** The node executable and the codex-retro script, absolute: the skill must not depend on PATH. */
  node: string;
  script: string;
  codexHome: string;
  /** The codex executable the report should run, when it was named at install time (else `codex` on PATH). */
  codexBin?: string;
}

export function buildSkillText(command: SkillCommand): string {
  const base = [command.node, command.script].map(shellQuote).join(' ');
  const home = `--codex-home ${shellQuote(command.codexHome)}${command.codexBin ? ` --codex-bin ${shellQuote(command.codexBin)}` : ''}`;
  const run = (flags: string) => `${base} report ${home} ${flags}`;
  return `---
name: ${SKILL_NAME}
description: ${JSON.stringify(DESCRIPTION)}
metadata:
  skill-type: data_fetch_analysis
  ${INSTALLED_BY_KEY}: ${INSTALLED_BY}
---

# Insight Report

Generate a local Codex usage report where **Codex is the only narrative insight writer**. codex-retro collects
the evidence (sessions, metrics, telemetry), has Codex write facets for each session and the narrative (headless
\`codex exec\`, read-only), and renders one offline HTML page.

## When to use

- "Show me my Codex analytics"
- "Generate my weekly insights report"
- "What am I doing well with Codex?"
- "Where am I getting stuck?"
- "Help me prompt better when I don't know the technical terms"

## Workflow

1. Work out the window the person asked for, default the last 7 days:
   - "weekly", "this week", nothing said: \`--days 7\`
   - "the last N days", "this month" (\`--days 30\`), "this year" (\`--days 365\`): \`--days N\`
   - dates or a range: \`--since YYYY-MM-DD --until YYYY-MM-DD\` (either alone is fine)
   - one project only: add \`--project DIR\`
2. Run, with that window in place of \`--days 7\`:

   \`\`\`bash
   ${run('--days 7 --no-open')}
   \`\`\`

   It reads \`${command.codexHome}/sessions\`, writes its report folder and starts \`codex exec\`, which needs the
   network: run it outside the sandbox (ask for escalated permissions). It takes a minute or more on a busy
   week; progress goes to stderr.
3. The last line of its output is \`REPORT_URL=file://…\`. Open that URL in the Codex in-app browser when it is
   available. Otherwise give the person the URL and the file path. Do not say the browser opened it unless it did.
4. Summarize the report's "At a glance" in two or three sentences, and mention where the files are.

## Deliverables

In \`\${INSIGHT_REPORT_USAGE_DIR:-${command.codexHome}/usage-data}\`: \`insight-evidence.json\`, \`INSIGHT_PROMPT.md\`,
\`insights.generated.json\`, \`report.html\`, per-session \`facets/\`, and every run's copy in \`reports/<timestamp>/\`.

## Failure modes

- **No session data found**: there are no sessions in the window. Say so; suggest a longer window.
- **Codex CLI unavailable, or the model failed**: run it again with \`--prepare-only\`, read \`INSIGHT_PROMPT.md\`,
  write the JSON answer it asks for to \`insights.generated.json\` in the same folder, then run
  \`${run('--render-only --no-open')}\`.
- **Codex returned invalid JSON**: the error names the problem; fix \`insights.generated.json\` as the prompt's
  writer contract says and rerun with \`--render-only\`.
- Any other error is one line on stderr that says what to do next: follow it, and tell the person.

## Safety

- The report reads local data and writes local files only; Codex gets redacted evidence, read-only.
- Do not repeat secrets or private fragments from sessions; values shown as \`[REDACTED:…]\` stay redacted.
- Suggestions stay suggestions: do not apply them to AGENTS.md or skills unless the person asks.
`;
}
