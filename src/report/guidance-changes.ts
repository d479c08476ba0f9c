import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeEffect, EffectSide } from '../analytics/effect/types.js';
import { createEffectMeter } from '../effect/measure.js';
import { listRecordedRepos } from '../effect/recorded-repos.js';
import { openSessionStore } from '../sessions/store.js';
import type { SessionDetail } from '../sessions/types.js';
import type { PrepareOptions } from './prepare-report.js';
import { findProjectRoot } from './project-guidance.js';

/**
 * The report's "what changed": every change to AGENTS.md or the skills made in the window (a proposal applied
 * or reverted with codex-retro, a commit), in the repositories the window's sessions ran in and those
 * codex-retro keeps proposals for, each with its sessions before and after. The sides reach past the window
 * where the sessions do: a change is measured whole, not cut at the window's edge.
 */
export interface ReportGuidanceChange {
  repo: string;
  kind: 'proposal' | 'revert' | 'commit';
  at: string;
  title: string;
  files: string[];
  proposal_id: string | null;
  commit: string | null;
  effect: Omit<ChangeEffect, 'before' | 'after'> & {
    before: Omit<EffectSide, 'session_ids'>;
    after: Omit<EffectSide, 'session_ids'>;
  };
}

export interface ReportGuidance {
  changes: ReportGuidanceChange[];
  problems: string[];
}

/** The most changes the evidence lists, newest first: the page stays readable and the bundle small. */
const MAX_CHANGES = 20;

async function repositoriesOf(details: SessionDetail[], options: PrepareOptions): Promise<string[]> {
  const roots = new Set<string>();
  const cwds = new Set(details.map((d) => d.metadata.cwd).filter((cwd): cwd is string => cwd !== null));
  for (const cwd of cwds) {
    const root = await findProjectRoot(cwd);
    if (existsSync(join(root, '.git'))) roots.add(root);
  }
  // With --project the report is about that project's sessions alone.
  if (!options.project) for (const root of await listRecordedRepos(options.stateDir)) roots.add(root);
  return [...roots].filter((root) => existsSync(root)).sort();
}

function withoutIds(side: EffectSide): Omit<EffectSide, 'session_ids'> {
  const { session_ids: _ids, ...rest } = side;
  return rest;
}

export async function measureGuidanceChanges(
  details: SessionDetail[],
  options: PrepareOptions,
): Promise<ReportGuidance> {
  const repos = await repositoriesOf(details, options);
  if (repos.length === 0) return { changes: [], problems: [] };
  const store = openSessionStore({
    codexHome: options.codexHome,
    cacheDir: options.cacheDir,
    stateDir: options.stateDir,
  });
  try {
    const meter = createEffectMeter({ sessions: store, stateDir: options.stateDir, now: () => options.now });
    const since = options.window.since.getTime();
    const until = options.window.until.getTime();
    const measured = await meter.measureRepos(repos, (change) => {
      const at = Date.parse(change.at);
      return at >= since && at <= until;
    });
    const changes = measured
      .flatMap((repo) =>
        repo.changes.map(
          (change): ReportGuidanceChange => ({
            repo: repo.repo_root,
            kind: change.kind,
            at: change.at,
            title: change.title,
            files: change.files,
            proposal_id: change.proposal_id,
            commit: change.commit,
            effect: {
              ...change.effect,
              before: withoutIds(change.effect.before),
              after: withoutIds(change.effect.after),
            },
          }),
        ),
      )
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    const problems = measured.flatMap((repo) => repo.problems);
    if (changes.length > MAX_CHANGES) {
      problems.push(
        `${changes.length} changes to guidance in the window; the ${MAX_CHANGES} newest are shown.`,
      );
    }
    return { changes: changes.slice(0, MAX_CHANGES), problems };
  } finally {
    store.close();
  }
}
