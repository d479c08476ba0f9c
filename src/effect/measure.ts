import { compareSides } from '../analytics/effect/compare.js';
import { measureSessionSignals, type SessionSignals } from '../analytics/effect/session-signals.js';
import type { ChangeEffect, EffectOptions } from '../analytics/effect/types.js';
import { assignWindows } from '../analytics/effect/windows.js';
import { redactText } from '../redact/index.js';
import type { SessionDetail, SessionSummary } from '../sessions/types.js';
import { collectGuidanceChanges, type GuidanceChange } from './changes.js';
import { readRemoteKeys } from './git-guidance.js';
import { describeRepo, matchesRemote, type RepoIdentity, splitRepoSessions } from './repo-sessions.js';

/**
 * "Did the change help?": for each change to a repository's guidance, the figures of its sessions before and
 * after (see analytics/effect/). This is the part that reads: proposal records, git, the session store. A
 * session's signals are kept for as long as its rollout is unchanged, so a server asked again reads only
 * sessions that are new or grew.
 */
export interface EffectSessionSource {
  list(options: {
    includeOwn?: boolean;
    includeSubagents?: boolean;
  }): Promise<{ sessions: SessionSummary[] }> | { sessions: SessionSummary[] };
  get(id: string): Promise<SessionDetail | null> | SessionDetail | null;
  /** A listed session's transcript without looking it up again (the session store has it); else `get`. */
  readListed?(session: SessionSummary): Promise<SessionDetail>;
}

/** README ("Did the change help?") says why these. */
const EFFECT_LIMITS: Omit<EffectOptions, 'now'> = { maxSessions: 30, maxDays: 30, minSessions: 5 };

type MeasuredChange = GuidanceChange & { effect: ChangeEffect };

export interface RepoEffects {
  repo_root: string;
  changes: MeasuredChange[];
  problems: string[];
}

const VERBS: Record<GuidanceChange['kind'], string> = {
  proposal: 'since applied',
  revert: 'since reverted',
  commit: 'since committed',
};

interface Measured {
  signals: SessionSignals;
  remote: string | null;
}

const MEMO_LIMIT = 20_000;

function memoKey(s: SessionSummary): string {
  return [s.id, s.path, s.updated_at, s.tokens.total, s.tool_calls, s.user_messages].join('\0');
}

export function createEffectMeter(options: {
  sessions: EffectSessionSource;
  stateDir: string;
  now?: () => Date;
}) {
  const limits = EFFECT_LIMITS;
  const memo = new Map<string, Measured>();

  async function measure(summary: SessionSummary): Promise<Measured | null> {
    const key = memoKey(summary);
    const known = memo.get(key);
    if (known) return known;
    let measured: Measured | null = null;
    try {
      const detail = options.sessions.readListed
        ? await options.sessions.readListed(summary)
        : await options.sessions.get(summary.id);
      if (detail) {
        measured = {
          signals: measureSessionSignals(detail),
          remote: detail.metadata.git?.repository_url ?? null,
        };
      }
    } catch {
      // Vanished or unreadable since it was listed: left out, counted below, and tried again next time.
    }
    if (measured === null) return null;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, measured);
    return measured;
  }

  async function measureOne(
    repoRoot: string,
    listSessions: () => Promise<SessionSummary[]>,
    now: Date,
    wanted: (change: GuidanceChange) => boolean,
  ): Promise<RepoEffects> {
    const { changes, problems } = await collectGuidanceChanges({ repoRoot, stateDir: options.stateDir });
    // Every change bounds its neighbours' windows; only the wanted ones have their sessions read.
    if (!changes.some(wanted))
      return { repo_root: repoRoot, changes: [], problems: problems.map(redactText) };
    const repo: RepoIdentity = await describeRepo(repoRoot, await readRemoteKeys(repoRoot));
    const { inside, moved } = splitRepoSessions(await listSessions(), repo);
    const members = [...inside];
    for (const summary of moved) {
      const measured = await measure(summary);
      if (measured && matchesRemote(measured.remote, repo)) members.push(summary);
    }
    const windows = assignWindows(changes, members, { ...limits, now });
    const byId = new Map(members.map((s) => [s.id, s]));
    const unreadable = new Set<string>();
    const signalsOf = async (ids: string[]): Promise<SessionSignals[]> => {
      const out: SessionSignals[] = [];
      for (const id of ids) {
        const measured = await measure(byId.get(id)!);
        if (measured) out.push(measured.signals);
        else unreadable.add(id);
      }
      return out;
    };
    const measuredChanges: MeasuredChange[] = [];
    for (const change of changes) {
      const window = windows.get(change.id);
      if (!window || !wanted(change)) continue;
      const effect = compareSides(
        window,
        await signalsOf(window.before.session_ids),
        await signalsOf(window.after.session_ids),
        { minSessions: limits.minSessions, verb: VERBS[change.kind] },
      );
      measuredChanges.push({ ...change, effect });
    }
    if (unreadable.size > 0) {
      problems.push(
        `${unreadable.size} session(s) of ${repoRoot} could not be read (the rollout vanished or is unreadable) and are left out.`,
      );
    }
    // git's own words may quote a remote URL: shown to the person, they are redacted like everything else.
    return { repo_root: repoRoot, changes: measuredChanges, problems: problems.map(redactText) };
  }

  /**
   * The changes of each repository with their effect (those `wanted`, by default all); the session list is read
   * once, and only if needed.
   */
  async function measureRepos(
    repoRoots: string[],
    wanted: (change: GuidanceChange) => boolean = () => true,
  ): Promise<RepoEffects[]> {
    const now = options.now?.() ?? new Date();
    let listed: Promise<SessionSummary[]> | null = null;
    const listSessions = () => {
      listed ??= Promise.resolve(options.sessions.list({ includeOwn: false, includeSubagents: false })).then(
        (result) => result.sessions,
      );
      return listed;
    };
    const results: RepoEffects[] = [];
    for (const repoRoot of repoRoots) results.push(await measureOne(repoRoot, listSessions, now, wanted));
    return results;
  }

  return {
    measureRepos,
    async measureRepo(repoRoot: string, wanted?: (change: GuidanceChange) => boolean): Promise<RepoEffects> {
      return (await measureRepos([repoRoot], wanted))[0]!;
    },
  };
}

export type EffectMeter = ReturnType<typeof createEffectMeter>;
