import type { InsightEvidence } from '../../../src/report/evidence.js';
import type { SessionDigest } from '../../../src/report/evidence-sessions.js';
import type { Insights } from '../../../src/report/writer-contract.js';

/**
 * What the test model server answers to the narrative prompt: a report written only from the evidence it
 * was given, as the writer contract asks: every claim cites the sessions that show it, each project area
 * lists (and counts) its sessions, numbers come from the bundle, and the AGENTS.md addition is one the
 * projects' guidance does not make.
 */

/** The evidence bundle embedded in an INSIGHT_PROMPT.md (its second JSON block). */
export function readEvidenceFromPrompt(prompt: string): InsightEvidence | null {
  const block = prompt.split('```json\n')[2]?.split('\n```')[0];
  if (!block) return null;
  try {
    return JSON.parse(block) as InsightEvidence;
  } catch {
    return null;
  }
}

/** The new advice the answer gives for AGENTS.md: about failed commands, which no fixture's guidance mentions. */
export const GROUNDED_ADDITION =
  'When a shell command exits with a non-zero code, quote the failing line of its output and explain it before running it again.';

function ids(sessions: SessionDigest[], at = 3): string[] {
  return sessions.slice(0, at).map((session) => session.id);
}

function projectOf(session: SessionDigest): string {
  return session.repo ?? session.cwd ?? 'Sessions outside a project';
}

export function writeGroundedInsights(
  evidence: InsightEvidence,
  overrides: Partial<Insights> = {},
): Insights {
  const sessions = evidence.sessions;
  const name = evidence.user_name === 'you' ? 'you' : evidence.user_name;
  const rough = sessions.filter(
    (s) => s.tool_errors > 0 || s.failed_turns > 0 || (s.facets?.friction.length ?? 0) > 0,
  );
  const smooth = sessions.filter((s) => !rough.includes(s));
  const cite = (list: SessionDigest[]) => ids(list.length > 0 ? list : sessions);
  const areas = new Map<string, SessionDigest[]>();
  for (const session of sessions)
    areas.set(projectOf(session), [...(areas.get(projectOf(session)) ?? []), session]);
  const thin = evidence.coverage.thin_evidence;
  return {
    metadata: {
      title: 'Your week with Codex',
      written_for: name,
      period: `${evidence.window.since.slice(0, 10)} to ${evidence.window.until.slice(0, 10)}`,
      limitations: evidence.limitations.slice(0, 5),
    },
    at_a_glance: {
      summary: `You worked with Codex in ${evidence.coverage.sessions_analyzed} sessions.`,
      whats_working: 'Plain, single asks were answered in one go.',
      whats_hindering:
        rough.length > 0 ? 'Some commands failed and were not explained first.' : 'Little got in the way.',
      quick_wins: 'Say what done looks like in your first message.',
      ambitious_workflows: 'Let Codex run the checks after each change.',
    },
    project_areas: {
      areas: [...areas].map(([project, list]) => ({
        name: project,
        session_count: list.length,
        description: `Sessions run in ${project}.`,
        evidence: list.map((session) => session.id),
      })),
    },
    interaction_style: {
      narrative: 'You give short instructions and let Codex pick the steps.',
      key_pattern: 'Short asks.',
      evidence: cite(sessions),
    },
    what_works: {
      intro: 'What went smoothly.',
      workflows: [
        { title: 'Direct asks', description: 'Asks with one clear goal ended well.', evidence: cite(smooth) },
      ],
    },
    friction_analysis: {
      intro: 'Where time went.',
      codex_side: [
        {
          category: 'Failed commands',
          description: 'Commands failed and the next step did not say why.',
          examples: [],
          evidence: cite(rough),
        },
      ],
      user_side: [],
    },
    prompting_help: {
      intro: 'When the words are missing, describe the outcome.',
      prompts: thin
        ? []
        : [
            {
              situation: 'When a command keeps failing',
              prompt:
                'This keeps failing. Find out why, tell me in plain words, then fix it and show me it works.',
              why_it_helps: 'It asks for the cause before the fix.',
              evidence: cite(rough),
            },
          ],
      why_none: thin ? 'Too few sessions to see a pattern worth a prompt.' : '',
    },
    suggestions: {
      agents_md_additions: thin
        ? []
        : [
            {
              addition: GROUNDED_ADDITION,
              why: 'Failures were retried unexplained.',
              placement: 'Under "Commands"',
              evidence: cite(rough),
            },
          ],
      agents_md_why_none: thin ? 'Too few sessions to suggest guidance.' : '',
      features_to_try: [
        {
          feature: 'codex exec resume',
          one_liner: 'Continue a session from the command line.',
          why_for_you: 'You come back to the same work.',
          example: 'codex exec resume --last "continue"',
        },
      ],
      usage_patterns: [
        {
          title: 'Plan first',
          suggestion: 'Ask for a plan before edits.',
          copyable_prompt: 'Plan first, then wait.',
          evidence: cite(sessions),
        },
      ],
    },
    on_the_horizon: {
      intro: 'Bigger things to try.',
      opportunities: [
        {
          title: 'Self-checking edits',
          whats_possible: 'Codex can run your checks after each edit.',
          how_to_try: 'Ask it to run the tests.',
          copyable_prompt: 'After each change, run the tests and fix what fails.',
        },
      ],
    },
    actionable_fixes: {
      fixes: [
        {
          priority: 'high',
          title: 'State done',
          problem: 'Asks lacked an end.',
          fix: 'Say what done means.',
          evidence: cite(rough),
        },
      ],
    },
    fun_ending: { headline: 'A failing command made a cameo.', detail: 'It was not the last word.' },
    ...overrides,
  };
}
