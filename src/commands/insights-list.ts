import { resolve } from 'node:path';
import { parseArtifactId } from '../ids.js';
import { listAllInsightArtifacts, listInsightArtifacts, listInsightSessions } from '../insights/artifacts.js';
import { resolveSessionRef, shortSessionId } from '../sessions/session-ref.js';
import { resolveRepoRoot } from '../workflows/workspace.js';
import type { Command } from './command.js';
import { formatLocalTime, plural } from './format.js';
import { terminalText } from './terminal-text.js';

/** `insights list [--session ID] [--json]`: what workflow A stored in the repository. */
export const insightsListCommand: Command = {
  async run({ values }, io) {
    const repoRoot = await resolveRepoRoot(resolve(io.cwd, (values.repo as string | undefined) ?? '.'));
    const ref = values.session as string | undefined;
    // A short id is looked up among the sessions this repository has insights about.
    const sessions = {
      list: async () => ({ sessions: (await listInsightSessions(repoRoot)).map((id) => ({ id })) }),
    };
    const sessionId =
      ref === undefined ? undefined : await resolveSessionRef(sessions, ref, `the insights of ${repoRoot}`);
    const { artifacts, unreadable } = sessionId
      ? await listInsightArtifacts(repoRoot, sessionId)
      : await listAllInsightArtifacts(repoRoot);
    if (unreadable > 0) {
      io.stderr.write(
        `${plural(unreadable, 'insight file')} in ${repoRoot}/.codex-orchestrator/insights could not be read.\n`,
      );
    }
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(artifacts, null, 2)}\n`);
      return 0;
    }
    if (artifacts.length === 0) {
      io.stdout.write(
        `No insights${sessionId ? ` about session ${sessionId}` : ''} in ${repoRoot} yet. Run \`codex-retro insights run --session ID\` to write some.\n`,
      );
      return 0;
    }
    const { formatTable, terminalWidth } = await import('./table.js');
    const rows = artifacts.map((a) =>
      [
        parseArtifactId(a.artifact_id).timestamp,
        shortSessionId(a.session_id),
        formatLocalTime(a.created_at),
        a.mode,
        a.outcome.status,
        a.goal.replace(/\s+/g, ' ').trim(),
      ].map(terminalText),
    );
    const table = formatTable(
      [
        { header: 'INSIGHT' },
        { header: 'SESSION' },
        { header: 'CREATED', drop: 1 },
        { header: 'MODE', drop: 2 },
        { header: 'OUTCOME' },
        { header: 'GOAL', min: 16, max: 80 },
      ],
      rows,
      terminalWidth(io),
    );
    io.stdout.write(
      `${[...table, '', `${plural(artifacts.length, 'insight')}. Propose a change from one: codex-retro proposals run --session SESSION --insight INSIGHT`].join('\n')}\n`,
    );
    return 0;
  },
};
