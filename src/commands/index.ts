import type { CommandSpec, GroupSpec, OptionSpec } from './command.js';
import {
  parseDateBound,
  parseInsightRef,
  parsePort,
  parsePositiveDays,
  parseProposalId,
  parseReportDays,
  parseRunMode,
  parseSessionRef,
  parseToken,
} from './option-values.js';

/**
 * Every CLI command, in the order `--help` lists them: its flags and help here, its work in its own module,
 * loaded only when the command runs, so reading argv (and `--help`, typos included) loads no command module.
 */

/** Accepted anywhere on the command line, before or after the command. */
export const globalOptions: OptionSpec[] = [
  { flags: '--codex-home <DIR>', description: 'Codex home directory (default: $CODEX_HOME, else ~/.codex)' },
  { flags: '--codex-bin <PATH>', description: 'codex executable (default: $CODEX_BIN, else codex on PATH)' },
];

export const groups: GroupSpec[] = [
  { name: 'sessions', summary: 'List, search and read your Codex sessions' },
  { name: 'insights', summary: 'Workflow A: Codex writes insights about one session' },
  {
    name: 'proposals',
    summary: 'Workflows B and C: proposed changes to skills and AGENTS.md, and applying them',
  },
  { name: 'usage', summary: 'Tokens and USD cost by day, week or month, with totals and projects' },
  { name: 'pricing', summary: 'The model prices costs are computed with' },
  { name: 'skill', summary: 'The insight-report Codex skill, so you can ask Codex itself for your report' },
];

const json = (what: string): OptionSpec => ({
  flags: '--json',
  description: `Print ${what} as JSON on stdout`,
});
const since: OptionSpec = {
  flags: '--since <DATE>',
  description: 'Only sessions active on or after DATE (YYYY-MM-DD, YYYYMMDD, or a date and time)',
  parse: (value) => parseDateBound(value, 'since'),
};
const until: OptionSpec = {
  flags: '--until <DATE>',
  description: 'Only sessions started on or before DATE (a date counts whole)',
  parse: (value) => parseDateBound(value, 'until'),
};
const repo = (what: string): OptionSpec => ({
  flags: '--repo <DIR>',
  description: `Repository ${what} (default: the git repository around the current directory)`,
});
const mode: OptionSpec = {
  flags: '--mode <MODE>',
  description:
    'fork (default: a new session branched from a redacted copy of this one; the original is left unchanged), resume (continues the session in place; Codex sends its history as recorded) or digest (a new read-only session reads a digest of the transcript; the default for sessions Codex cannot continue)',
  parse: parseRunMode,
};
const model: OptionSpec = { flags: '--model <M>', description: 'Model for the run (default: Codex config)' };
const sessionRef = (description: string, required = false): OptionSpec => ({
  flags: '--session <ID>',
  description,
  parse: parseSessionRef,
  required,
});
const subtreeAgents = (who: string): OptionSpec => ({
  flags: '--allow-subtree-agents',
  description: `Let ${who} change AGENTS.md files in subdirectories too`,
});

export const commands: CommandSpec[] = [
  {
    name: 'sessions list',
    summary:
      'List your Codex sessions, newest first; --search finds text in prompts, replies and tool output',
    options: [
      {
        flags: '--days <N>',
        description: 'Only sessions active in the last N days',
        parse: parsePositiveDays,
      },
      since,
      until,
      {
        flags: '--search <TEXT>',
        description:
          'Find sessions whose prompts, replies, tool calls or outputs hold TEXT: ranked index hits first (all words, "quoted phrases", word* prefixes), then every other session that holds TEXT literally',
      },
      {
        flags: '--project <DIR>',
        description:
          'Only sessions that ran in DIR or below it (a bare name matches the repo or folder name)',
      },
      json('the sessions (an array)'),
      { flags: '--include-own', description: 'Also list the sessions codex-retro itself started' },
      {
        flags: '--include-subagents',
        description: 'Also list subagent sessions (otherwise counted under the session that spawned them)',
      },
    ],
    examples: [
      'codex-retro sessions list --days 7',
      'codex-retro sessions list --since 20261101 --until 20261130 --project billing-api',
      'codex-retro sessions list --search "permission denied" --json',
    ],
    load: async () => (await import('./sessions-list.js')).sessionsListCommand,
  },
  {
    name: 'sessions show',
    summary: 'Show one session as a readable transcript, or as JSON with --json',
    arguments: [
      {
        name: 'ID',
        description: 'Session id: the full id or the short id lists show',
        parse: parseSessionRef,
      },
    ],
    options: [json('{ id, metadata, continuation, messages, turns }')],
    load: async () => (await import('./sessions-show.js')).sessionsShowCommand,
  },
  ...(['daily', 'weekly', 'monthly'] as const).map(
    (granularity): CommandSpec => ({
      name: `usage ${granularity}`,
      summary: `Tokens and USD cost by ${granularity === 'daily' ? 'day' : granularity === 'weekly' ? 'week (Monday to Sunday)' : 'month'} in your time zone, a total, and the projects that spent it; models without a price are named`,
      options: [
        {
          flags: '--days <N>',
          description: 'Only the last N days',
          parse: parsePositiveDays,
        },
        {
          ...since,
          description: 'Only requests on or after DATE (YYYY-MM-DD, YYYYMMDD, or a date and time)',
        },
        { ...until, description: 'Only requests on or before DATE (a date counts whole)' },
        {
          flags: '--project <DIR>',
          description: 'Only sessions run in DIR or below it (a bare name matches the repo or folder name)',
        },
        json('{ granularity, time_zone, pricing, periods, totals }'),
      ],
      examples: [
        `codex-retro usage ${granularity}`,
        `codex-retro usage ${granularity} --since 20261101 --json`,
      ],
      load: async () => (await import('./usage.js')).usageCommand(granularity),
    }),
  ),
  {
    name: 'pricing refresh',
    summary:
      "Replace the model prices with LiteLLM's current list (the only command that reads prices from the network)",
    options: [
      {
        flags: '--from <URL|FILE>',
        description:
          "Where to read the list: an http(s) address or a saved copy (default: LiteLLM's main branch)",
      },
      json('{ file, source, models, added, removed, changed }'),
    ],
    examples: [
      'codex-retro pricing refresh',
      'codex-retro pricing refresh --from ./model_prices_and_context_window.json',
    ],
    load: async () => (await import('./pricing-refresh.js')).pricingRefreshCommand,
  },
  {
    name: 'report',
    summary: 'Write a usage insight report: metrics, Codex-written insights, one offline HTML page',
    options: [
      { flags: '--days <N>', description: 'Days to look back (default 7)', parse: parseReportDays },
      { ...since, description: 'Start of the window (YYYY-MM-DD, YYYYMMDD, or a date and time)' },
      { ...until, description: 'End of the window, inclusive (a date counts whole; default: now)' },
      { flags: '--project <DIR>', description: 'Only sessions run in this directory or below' },
      {
        flags: '--otel-dir <DIR>',
        description: 'OpenTelemetry collector output (default ~/.agents/otel-collector)',
      },
      { flags: '--user-name <NAME>', description: 'Who the report speaks to (default: git user.name)' },
      { flags: '--model <M>', description: 'Model for codex exec (default: Codex config)' },
      {
        flags: '--prepare-only',
        description: 'Write the evidence and INSIGHT_PROMPT.md, then stop',
        conflicts: 'render-only',
      },
      { flags: '--render-only', description: 'Render report.html from the existing JSON files' },
      { flags: '--no-open', description: 'Do not open the report in a browser' },
    ],
    examples: [
      'codex-retro report --days 30 --no-open',
      'codex-retro report --since 20261101 --until 20261130',
    ],
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'skill install',
    summary:
      'Install the insight-report Codex skill, so "generate my weekly insights report" works inside Codex',
    options: [
      {
        flags: '--force',
        description: 'Replace an insight-report skill codex-retro did not write (yours is kept as a backup)',
      },
    ],
    examples: [
      'codex-retro skill install',
      'codex-retro skill install --codex-home ~/.codex --codex-bin /opt/codex/bin/codex',
    ],
    load: async () => (await import('./skill-install.js')).skillInstallCommand,
  },
  {
    name: 'skill uninstall',
    summary:
      'Remove the insight-report Codex skill codex-retro installed (a skill of your own is left as is)',
    options: [],
    load: async () => (await import('./skill-uninstall.js')).skillUninstallCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the web UI and API: browse sessions, run insights, review and apply proposals',
    options: [
      repo('whose skills and AGENTS.md insights and proposals are for; without one, serve only browses'),
      { flags: '--no-repo', description: 'Browse only, even inside a git repository' },
      { flags: '--port <P>', description: 'Port (default 4820; 0 picks a free one)', parse: parsePort },
      { flags: '--host <H>', description: 'Address to listen on (default 127.0.0.1)' },
      {
        flags: '--token <T>',
        description: 'Access token (default: 32 random bytes, hex)',
        parse: parseToken,
      },
      { flags: '--no-open', description: 'Do not open a browser' },
      subtreeAgents('proposals'),
      {
        flags: '--allow-write-sandbox',
        description:
          'Let insights runs ask for the workspace-write sandbox (default: read-only only; what Codex writes then is not reviewed)',
      },
    ],
    examples: ['codex-retro serve', 'codex-retro serve --repo ~/src/billing-api --port 0 --no-open'],
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'insights run',
    summary: 'Codex writes insights about one session (the same code path as the web UI)',
    options: [
      sessionRef('Session id: the full id or the short id lists show', true),
      mode,
      { flags: '--prompt <TEXT>', description: 'Your own insights prompt instead of the default' },
      model,
      repo('the insights are stored in'),
      json('the insights'),
    ],
    load: async () => (await import('./insights-run.js')).insightsRunCommand,
  },
  {
    name: 'insights list',
    summary: 'List the insights stored in a repository, newest first',
    options: [sessionRef('Only the insights about this session'), repo('to look in'), json('an array')],
    load: async () => (await import('./insights-list.js')).insightsListCommand,
  },
  {
    name: 'proposals run',
    summary: 'Read-only Codex proposes a diff to skills and AGENTS.md from one insight',
    options: [
      sessionRef('Session id: the full id or the short id lists show', true),
      {
        flags: '--insight <INSIGHT>',
        description: 'The insight to start from: its INSIGHT (see insights list) or full artifact id',
        parse: parseInsightRef,
        required: true,
      },
      mode,
      { flags: '--prompt <TEXT>', description: 'Extra instructions for the proposal' },
      model,
      subtreeAgents('the proposal'),
      repo('the proposal is for'),
      json('the proposal'),
    ],
    load: async () => (await import('./proposals-run.js')).proposalsRunCommand,
  },
  {
    name: 'proposals list',
    summary:
      'List the proposals of a repository, newest first: status, session, created, files, and how its sessions went since each was applied',
    options: [sessionRef('Only the proposals from this session'), repo('to look in'), json('an array')],
    load: async () => (await import('./proposals-list.js')).proposalsListCommand,
  },
  {
    name: 'proposals apply',
    summary: 'Apply a validated proposal to the working tree (without --yes: show it, change nothing)',
    arguments: [{ name: 'ID', description: 'Proposal id (see proposals list)', parse: parseProposalId }],
    options: [
      { flags: '-y, --yes', description: 'Apply it (otherwise only show the diff and the checks)' },
      repo('the proposal belongs to'),
    ],
    load: async () => (await import('./proposals-apply.js')).proposalsApplyCommand,
  },
];
