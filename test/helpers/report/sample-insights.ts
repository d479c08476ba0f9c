import type { Insights } from '../../../src/report/writer-contract.js';

/**
 * A complete writer-contract answer grounded in a bundle of `sessionIds` (see sample-evidence.ts): every claim
 * cites them, the one project area lists and counts them all.
 */
export function buildSampleInsights(sessionIds: string[], overrides: Partial<Insights> = {}): Insights {
  const cite = sessionIds.slice(0, 2);
  return {
    metadata: {
      title: 'Your week with Codex',
      written_for: 'Sam',
      period: 'the report window',
      limitations: ['Telemetry was not available, so API latency is not covered.'],
    },
    at_a_glance: {
      summary: 'You used Codex for short, focused sessions.',
      whats_working: 'Clear one-line asks got finished quickly.',
      whats_hindering: 'A failing shell command was retried without a change.',
      quick_wins: 'Say what "done" looks like in the first message.',
      ambitious_workflows: 'Let Codex run the tests after each edit.',
    },
    project_areas: {
      areas: [
        {
          name: 'Fixture project',
          session_count: sessionIds.length,
          description: 'Small scripted tasks.',
          evidence: sessionIds,
        },
      ],
    },
    interaction_style: {
      narrative: 'You give short instructions and let Codex decide the steps.\n\nYou rarely correct course.',
      key_pattern: 'Short asks, quick acceptance.',
      evidence: cite,
    },
    what_works: {
      intro: 'A few things went smoothly.',
      workflows: [
        { title: 'Quick answers', description: 'Plain questions got plain answers.', evidence: cite },
      ],
    },
    friction_analysis: {
      intro: 'Friction was rare.',
      codex_side: [
        {
          category: 'Failed command',
          description: 'A command exited with code 3.',
          examples: ['exit 3'],
          evidence: cite,
        },
      ],
      user_side: [
        {
          category: 'Unstated goal',
          description: 'One ask did not say what to check.',
          examples: [],
          evidence: cite,
        },
      ],
    },
    prompting_help: {
      intro: 'When the words are missing, describe the outcome.',
      prompts: [
        {
          situation: 'When a command keeps failing',
          prompt: 'This keeps failing. Find out why, explain it simply, then fix it and show me it works.',
          why_it_helps: 'It asks for the cause before the fix.',
          evidence: cite,
        },
      ],
      why_none: '',
    },
    suggestions: {
      agents_md_additions: [
        {
          addition: 'Run `npm test` after every change and report the result.',
          why: 'Failures were found late.',
          placement: 'Under "Testing"',
          evidence: cite,
        },
        {
          addition: 'Prefer small commits.',
          why: 'Edits were large.',
          placement: 'Top level',
          evidence: cite,
        },
      ],
      agents_md_why_none: '',
      features_to_try: [
        {
          feature: 'codex exec resume',
          one_liner: 'Continue a session from the command line.',
          why_for_you: 'You restart sessions often.',
          example: 'codex exec resume --last "continue"',
        },
      ],
      usage_patterns: [
        {
          title: 'Plan first',
          suggestion: 'Ask for a plan before edits.',
          copyable_prompt: 'Plan first, then wait.',
          evidence: cite,
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
          evidence: cite,
        },
        {
          priority: 'low',
          title: 'Name files',
          problem: 'Files were guessed.',
          fix: 'Name the file.',
          evidence: cite,
        },
      ],
    },
    fun_ending: { headline: 'Exit code 3 made a cameo.', detail: 'It was the only failure all week.' },
    ...overrides,
  };
}
