import { createHash } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RetroError } from '../errors.js';
import { ID_PATTERNS } from '../ids.js';
import { failCheck } from '../patch/index.js';
import { type ProposalMeta, proposalMetaSchema } from './meta.js';
import { type ProposalPlace, proposalStateDir, repoStateDir } from './place.js';
import {
  ensureProposalDir,
  listMirrorIds,
  readIfExists,
  readMirror,
  writeFileAtomic,
  writeMirror,
} from './store.js';

/**
 * A proposal's record in codex-retro's state folder: the authority for what it is, what it may touch and
 * what it changed. The repo's meta.json and proposal.diff are mirrors of it: the hashes of the mirrors as
 * last written are kept here, so an edit made in the repo is seen, reported and ignored.
 */
const recordSchema = z.object({
  repo_root: z.string(),
  meta: proposalMetaSchema,
  diff: z.string(),
  mirror: z.object({ meta_sha256: z.string(), diff_sha256: z.string() }),
});

const RECORD = 'record.json';

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface LoadedProposal {
  meta: ProposalMeta;
  diff: string;
  /** A record of codex-retro's own backs it; false for a proposal folder that appeared in the repo. */
  trusted: boolean;
  /** What differs between the repo and the record, each ignored; for the person to read. */
  problems: string[];
}

async function readRecord(place: ProposalPlace, proposalId: string) {
  const text = await readIfExists(join(await proposalStateDir(place, proposalId), RECORD));
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const parsed = recordSchema.safeParse(data);
  if (!parsed.success || parsed.data.meta.proposal_id !== proposalId) {
    throw new RetroError(
      'proposal_corrupt',
      `The record of proposal ${proposalId} in ${await proposalStateDir(place, proposalId)} is damaged; generate the proposal again.`,
      { status: 422 },
    );
  }
  return parsed.data;
}

function describeMirror(proposalId: string): string {
  return `.codex-orchestrator/proposals/${proposalId}`;
}

/** The proposal as codex-retro recorded it, with what the repo's copy says differently; null when unknown. */
export async function loadProposal(place: ProposalPlace, proposalId: string): Promise<LoadedProposal | null> {
  const record = await readRecord(place, proposalId);
  const mirror = await readMirror(place.repoRoot, proposalId);
  const where = describeMirror(proposalId);
  const problems: string[] = [];
  if (mirror.backupFile) {
    problems.push(
      `${where}/.backup.json is not codex-retro's (its backups are kept in its state folder); it was ignored and nothing was restored from it`,
    );
  }
  if (record !== null) {
    if (mirror.meta === null || hash(mirror.meta) !== record.mirror.meta_sha256) {
      problems.push(
        `${where}/meta.json was changed outside codex-retro; the record codex-retro keeps was used instead`,
      );
    }
    if (mirror.diff === null || hash(mirror.diff) !== record.mirror.diff_sha256) {
      problems.push(
        `${where}/proposal.diff was changed outside codex-retro; the diff codex-retro stored was used instead`,
      );
    }
    return { meta: record.meta, diff: record.diff, trusted: true, problems };
  }
  if (mirror.meta === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(mirror.meta);
  } catch {
    data = undefined;
  }
  const parsed = proposalMetaSchema.safeParse(data);
  if (!parsed.success || parsed.data.proposal_id !== proposalId) {
    const named = parsed.success ? ` (it names proposal ${parsed.data.proposal_id})` : '';
    const problem = `codex-retro has no record of proposal ${proposalId}, and ${where}/meta.json is not a proposal it can read${named}`;
    // A folder only the repo holds is untrusted whatever it says: the refusal names that check too.
    throw new RetroError(
      'proposal_corrupt',
      `${problem}; delete that folder and generate the proposal again.`,
      {
        status: 422,
        details: { checks: [failCheck('untrusted_state', `${problem}.`)] },
      },
    );
  }
  problems.unshift(
    `codex-retro has no record of proposal ${proposalId} in its state folder: the folder ${where} was not generated here (committed, copied or planted), so it is shown but never applied`,
  );
  return { meta: parsed.data, diff: mirror.diff ?? '', trusted: false, problems };
}

/** Writes the record first, then its mirrors in the repo. */
export async function saveProposal(place: ProposalPlace, meta: ProposalMeta, diff: string): Promise<void> {
  await ensureProposalDir(place.repoRoot, meta.proposal_id);
  const dir = await proposalStateDir(place, meta.proposal_id);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(
    join(await repoStateDir(place), 'repo.json'),
    `${JSON.stringify({ repo_root: place.repoRoot })}\n`,
    0o600,
  );
  const metaText = `${JSON.stringify(meta, null, 2)}\n`;
  const record = {
    repo_root: place.repoRoot,
    meta,
    diff,
    mirror: { meta_sha256: hash(metaText), diff_sha256: hash(diff) },
  };
  await writeFileAtomic(join(dir, RECORD), JSON.stringify(record), 0o600);
  await writeMirror(place.repoRoot, meta.proposal_id, metaText, diff);
}

/** The ids of this repository's proposals: recorded ones, and folders that only the repo holds. */
export async function listProposalIds(place: ProposalPlace): Promise<string[]> {
  const recorded = await readdir(await repoStateDir(place)).catch(() => [] as string[]);
  const ids = new Set([
    ...recorded.filter((name) => ID_PATTERNS.proposal.test(name)),
    ...(await listMirrorIds(place.repoRoot)),
  ]);
  return [...ids].sort().reverse();
}

/** A file beside the record (backups, the bytes an apply replaced), written private to this user. */
export async function writeStateFile(
  place: ProposalPlace,
  proposalId: string,
  name: string,
  data: string,
): Promise<void> {
  const dir = await proposalStateDir(place, proposalId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(dir, name), data, 0o600);
}

export async function readStateFile(
  place: ProposalPlace,
  proposalId: string,
  name: string,
): Promise<string | null> {
  return readIfExists(join(await proposalStateDir(place, proposalId), name));
}

export async function removeStateFile(place: ProposalPlace, proposalId: string, name: string): Promise<void> {
  await rm(join(await proposalStateDir(place, proposalId), name), { force: true });
}
