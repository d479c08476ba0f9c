import { isRetroError } from '../errors.js';
import type { ProposalMeta } from '../proposals/meta.js';
import type { ProposalPlace } from '../proposals/place.js';
import { listProposalIds, loadProposal } from '../proposals/state.js';
import { type GuidanceCommit, hashFileAt, readGuidanceCommits } from './git-guidance.js';

/**
 * Every change to a repository's guidance that codex-retro can date: proposals applied (and reverted) through
 * it, as its own records say, and commits that changed AGENTS.md or `.codex/skills/`. A commit that only
 * records what an apply or a revert had already written (the person committed the applied proposal) is the
 * same change, not a second one. Edits never committed are not seen.
 */
export interface GuidanceChange {
  /** `proposal:<id>@<time>`, `revert:<id>@<time>` or `commit:<hash>`. */
  id: string;
  kind: 'proposal' | 'revert' | 'commit';
  at: string;
  proposal_id: string | null;
  commit: string | null;
  /** The proposal's summary or the commit's subject. */
  title: string;
  files: string[];
}

interface FileChange {
  path: string;
  /** sha256 of the bytes written; null: the file was deleted. */
  after: string | null;
}

interface ProposalEvent extends GuidanceChange {
  written: FileChange[];
}

function auditFiles(detail: unknown): FileChange[] | null {
  const files = (detail as { files_changed?: unknown } | null)?.files_changed;
  if (!Array.isArray(files)) return null;
  return files.flatMap((file) => {
    const f = file as { path?: unknown; after_sha256?: unknown };
    return typeof f.path === 'string' && (typeof f.after_sha256 === 'string' || f.after_sha256 === null)
      ? [{ path: f.path, after: f.after_sha256 }]
      : [];
  });
}

/** Each apply and revert of a recorded proposal, from its audit (a proposal may be applied again after a revert). */
function eventsOf(meta: ProposalMeta): ProposalEvent[] {
  const events: ProposalEvent[] = [];
  const fallback = (meta.files_changed ?? []).map((f) => ({ path: f.path, after: f.after_sha256 }));
  for (const entry of meta.audit) {
    if (entry.action !== 'applied' && entry.action !== 'reverted') continue;
    const written =
      auditFiles(entry.detail) ??
      (entry.action === 'applied'
        ? fallback
        : (meta.revert_files_changed ?? []).map((f) => ({ path: f.path, after: f.after_sha256 })));
    const kind = entry.action === 'applied' ? 'proposal' : 'revert';
    events.push({
      id: `${kind}:${meta.proposal_id}@${entry.at}`,
      kind,
      at: entry.at,
      proposal_id: meta.proposal_id,
      commit: null,
      title: meta.summary,
      files: written.map((f) => f.path),
      written,
    });
  }
  return events;
}

async function readProposalEvents(place: ProposalPlace): Promise<ProposalEvent[]> {
  const events: ProposalEvent[] = [];
  for (const id of await listProposalIds(place)) {
    try {
      const loaded = await loadProposal(place, id);
      // Only codex-retro's own records: a folder planted in the repo says nothing about what was applied.
      if (loaded?.trusted) events.push(...eventsOf(loaded.meta));
    } catch (error) {
      if (!isRetroError(error)) throw error;
    }
  }
  return events;
}

/** Whether `commit` only records what `event` wrote: the same paths, each with the bytes the event left. */
async function recordsEvent(
  repoRoot: string,
  commit: GuidanceCommit,
  event: ProposalEvent,
): Promise<boolean> {
  if (Date.parse(commit.at) < Date.parse(event.at)) return false;
  for (const file of commit.files) {
    const written = event.written.find((w) => w.path === file.path);
    if (!written) return false;
    const now = file.deleted ? null : await hashFileAt(repoRoot, commit.hash, file.path);
    if (now !== written.after) return false;
  }
  return true;
}

export async function collectGuidanceChanges(
  place: ProposalPlace,
): Promise<{ changes: GuidanceChange[]; problems: string[] }> {
  const events = await readProposalEvents(place);
  const { commits, problem } = await readGuidanceCommits(place.repoRoot);
  const changes: GuidanceChange[] = events.map(({ written: _written, ...change }) => change);
  const newestFirst = [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  for (const commit of commits) {
    // The latest apply or revert before the commit is the one it could be recording.
    const candidate = newestFirst.find((event) => Date.parse(event.at) <= Date.parse(commit.at));
    if (candidate && (await recordsEvent(place.repoRoot, commit, candidate))) continue;
    changes.push({
      id: `commit:${commit.hash}`,
      kind: 'commit',
      at: commit.at,
      proposal_id: null,
      commit: commit.hash,
      title: commit.subject,
      files: commit.files.map((f) => f.path),
    });
  }
  changes.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
  return { changes, problems: problem ? [problem] : [] };
}
