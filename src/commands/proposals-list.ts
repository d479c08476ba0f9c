import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveCodexHome, resolveStateDir } from '../config.js';
import type { ProposalEffect } from '../effect/proposal-effect.js';
import { resolveSessionRef, shortSessionId } from '../sessions/session-ref.js';
import { listProposalViews } from '../workflows/apply/review.js';
import { resolveRepoRoot } from '../workflows/workspace.js';
import type { Command, CommandIo } from './command.js';
import { formatLocalTime, plural } from './format.js';
import { terminalText } from './terminal-text.js';

type Views = Awaited<ReturnType<typeof listProposalViews>>;

/**
 * Each proposal with what its repository's sessions did before and after it was applied (null: never applied).
 * The session store is opened only when some proposal was applied; without a Codex home there is nothing to
 * compare, which stderr says.
 */
async function withEffects(views: Views, repoRoot: string, values: Record<string, unknown>, io: CommandIo) {
  if (!views.some((view) => view.applied_at !== undefined)) return views.map((v) => ({ ...v, effect: null }));
  const codexHome = resolveCodexHome(values['codex-home'] as string | undefined, io.env);
  if (!existsSync(codexHome)) {
    io.stderr.write(
      `No Codex home at ${codexHome}: no sessions to compare before and after the applied proposals.\n`,
    );
    return views.map((v) => ({ ...v, effect: null }));
  }
  const [{ openSessionStoreFromFlags }, { createEffectMeter }, { attachEffects }] = await Promise.all([
    import('./session-store.js'),
    import('../effect/measure.js'),
    import('../effect/proposal-effect.js'),
  ]);
  const { progress, store } = openSessionStoreFromFlags(values, io);
  try {
    const meter = createEffectMeter({ sessions: store, stateDir: resolveStateDir(io.env) });
    return await attachEffects(views, meter, repoRoot);
  } finally {
    progress.finish();
    store.close();
  }
}

const VERDICT_WORDS: Record<ProposalEffect['verdict'], string> = {
  improved: 'better',
  worsened: 'worse',
  mixed: 'mixed',
  no_clear_change: 'no clear change',
  not_enough_sessions: 'too few sessions yet',
};

/** The table's short cell: the verdict and the sessions counted since. */
function describeShort(effect: ProposalEffect | null): string {
  if (effect === null) return '-';
  return `${VERDICT_WORDS[effect.verdict]} · ${plural(effect.after.sessions, 'session')}`;
}

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
    const proposals = await withEffects(
      sessionId ? all.filter((p) => p.session_id === sessionId) : all,
      repoRoot,
      values,
      io,
    );
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
        describeShort(p.effect),
      ].map(terminalText),
    );
    const table = formatTable(
      [
        { header: 'PROPOSAL' },
        { header: 'STATUS' },
        { header: 'SESSION', drop: 2 },
        { header: 'CREATED', drop: 1 },
        { header: 'FILES', min: 12, max: 80 },
        { header: 'SINCE APPLIED', drop: 3 },
      ],
      rows,
      terminalWidth(io),
    );
    // The whole comparison, one line each, whatever the terminal's width.
    const effects = proposals.flatMap((p) =>
      p.effect ? [terminalText(`${p.proposal_id}: ${p.effect.summary}`)] : [],
    );
    const lines = [...table, ''];
    if (effects.length > 0) lines.push(...effects, '');
    lines.push(`${plural(proposals.length, 'proposal')}. Review one: codex-retro proposals apply PROPOSAL`);
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
