import { resolve } from 'node:path';
import { resolveStateDir } from '../config.js';
import { resolveSessionRef, shortSessionId } from '../sessions/session-ref.js';
import { listProposalViews } from '../workflows/apply/review.js';
import { resolveRepoRoot } from '../workflows/workspace.js';
import type { Command } from './command.js';
import { formatLocalTime, plural } from './format.js';
import { terminalText } from './terminal-text.js';

/** `proposals list [--session ID] [--json]`: the proposals of workflow B in the repository, newest first. */
export const proposalsListCommand: Command = {
  async run({ values }, io) {
    const repoRoot = await resolveRepoRoot(resolve(io.cwd, (values.repo as string | undefined) ?? '.'));
    const all = await listProposalViews({ repoRoot, stateDir: resolveStateDir(io.env) }, undefined);
    const ref = values.session as string | undefined;
    // A short id is looked up among the sessions this repository has proposals from.
    const sessions = {
      list: () => ({ sessions: [...new Set(all.map((p) => p.session_id))].map((id) => ({ id })) }),
    };
    const sessionId =
      ref === undefined ? undefined : await resolveSessionRef(sessions, ref, `the proposals of ${repoRoot}`);
    const proposals = sessionId ? all.filter((p) => p.session_id === sessionId) : all;
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(proposals, null, 2)}\n`);
      return 0;
    }
    if (proposals.length === 0) {
      io.stdout.write(
        `No proposals${sessionId ? ` from session ${sessionId}` : ''} in ${repoRoot} yet. Run \`codex-retro proposals run --session ID --insight INSIGHT\` to make one.\n`,
      );
      return 0;
    }
    const { formatTable, terminalWidth } = await import('./table.js');
    const rows = proposals.map((p) =>
      [
        p.proposal_id,
        p.status,
        shortSessionId(p.session_id),
        formatLocalTime(p.created_at),
        p.files_touched.length > 0 ? p.files_touched.join(', ') : '-',
      ].map(terminalText),
    );
    const table = formatTable(
      [
        { header: 'PROPOSAL' },
        { header: 'STATUS' },
        { header: 'SESSION', drop: 2 },
        { header: 'CREATED', drop: 1 },
        { header: 'FILES', min: 12, max: 80 },
      ],
      rows,
      terminalWidth(io),
    );
    io.stdout.write(
      `${[...table, '', `${plural(proposals.length, 'proposal')}. Review one: codex-retro proposals apply PROPOSAL`].join('\n')}\n`,
    );
    return 0;
  },
};
