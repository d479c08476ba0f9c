import type { CommandEntry } from './command.js';

/**
 * Every CLI command, in the order `--help` lists them: its name and summary here, the rest in its own file beside
 * this one, loaded only when the command runs (or shows its help), so a command loads only what it uses.
 */
export const commands: CommandEntry[] = [
  {
    name: 'sessions list',
    summary:
      'List your Codex sessions, newest first; --search finds text in prompts, replies and tool output',
    load: async () => (await import('./sessions-list.js')).sessionsListCommand,
  },
  {
    name: 'sessions show',
    summary: 'Show one session as a readable transcript, or as JSON with --json',
    load: async () => (await import('./sessions-show.js')).sessionsShowCommand,
  },
  {
    name: 'report',
    summary:
      'Write a usage insight report over the last N days: metrics, Codex-written insights, one offline HTML page',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the web UI and API: browse sessions, run insights, review and apply proposals',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'insights run',
    summary: 'Run workflow A: Codex writes insights about one session (same code path as the API)',
    load: async () => (await import('./insights-run.js')).insightsRunCommand,
  },
  {
    name: 'proposals run',
    summary: 'Run workflow B: read-only Codex proposes a diff to skills and AGENTS.md from one insight',
    load: async () => (await import('./proposals-run.js')).proposalsRunCommand,
  },
  {
    name: 'proposals apply',
    summary:
      'Run workflow C: apply a validated proposal to the working tree (without --yes: show it, change nothing)',
    load: async () => (await import('./proposals-apply.js')).proposalsApplyCommand,
  },
];
