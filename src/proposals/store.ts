import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RetroError } from '../errors.js';
import { assertId } from '../ids.js';
import { type ProposalMeta, proposalMetaSchema } from './meta.js';

const STORE_SEGMENTS = ['.codex-orchestrator', 'proposals'];

/** `REPO/.codex-orchestrator/proposals/<id>`; the id is checked before it touches a path. */
export function proposalDir(repoRoot: string, proposalId: string): string {
  assertId('proposal', proposalId);
  return join(resolve(repoRoot), ...STORE_SEGMENTS, proposalId);
}

/** `REPO/.codex-orchestrator/proposals`, where the repo-wide apply lock lives. */
export function proposalsRoot(repoRoot: string): string {
  return join(resolve(repoRoot), ...STORE_SEGMENTS);
}

/**
 * Makes sure every folder from the repo down to `proposals/<id>` is a real folder (never a symlink that
 * would send our writes elsewhere), creating the missing ones.
 */
export async function ensureProposalDir(repoRoot: string, proposalId: string): Promise<string> {
  const dir = proposalDir(repoRoot, proposalId);
  let current = resolve(repoRoot);
  const root = await lstat(current).catch(() => undefined);
  if (!root?.isDirectory()) {
    throw new RetroError(
      'repo_not_found',
      `${current} is not a folder; pass the repository with --repo DIR.`,
      {
        status: 400,
      },
    );
  }
  for (const segment of [...STORE_SEGMENTS, proposalId]) {
    current = join(current, segment);
    try {
      const stats = await lstat(current);
      if (!stats.isDirectory()) {
        throw new RetroError(
          'unsafe_storage',
          `${current} is a symlink or a file, not a folder; remove it so proposals are stored inside the repository.`,
        );
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(current).catch((mkdirError: NodeJS.ErrnoException) => {
        if (mkdirError.code !== 'EEXIST') throw mkdirError;
      });
    }
  }
  return dir;
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** meta.json of a proposal, or null when there is none. Hand-edited files are checked against the schema. */
export async function readMeta(repoRoot: string, proposalId: string): Promise<ProposalMeta | null> {
  const text = await readIfExists(join(proposalDir(repoRoot, proposalId), 'meta.json'));
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const parsed = proposalMetaSchema.safeParse(data);
  if (!parsed.success || parsed.data.proposal_id !== proposalId) {
    throw new RetroError(
      'proposal_corrupt',
      `meta.json of proposal ${proposalId} is not valid; delete ${proposalDir(repoRoot, proposalId)} and generate the proposal again.`,
    );
  }
  return parsed.data;
}

export async function writeMeta(repoRoot: string, meta: ProposalMeta): Promise<void> {
  const dir = await ensureProposalDir(repoRoot, meta.proposal_id);
  await writeFileAtomic(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

/** proposal.diff as stored ('' when the proposal has none yet). */
export async function readDiff(repoRoot: string, proposalId: string): Promise<string> {
  return (await readIfExists(join(proposalDir(repoRoot, proposalId), 'proposal.diff'))) ?? '';
}

export async function writeDiff(repoRoot: string, proposalId: string, diff: string): Promise<void> {
  const dir = await ensureProposalDir(repoRoot, proposalId);
  await writeFileAtomic(join(dir, 'proposal.diff'), diff);
}

/** meta.json, or RetroError proposal_not_found (404). */
export async function requireMeta(repoRoot: string, proposalId: string): Promise<ProposalMeta> {
  const meta = await readMeta(repoRoot, proposalId);
  if (meta === null) {
    throw new RetroError(
      'proposal_not_found',
      `No proposal ${proposalId} in this repository; list proposals or generate one.`,
      {
        status: 404,
      },
    );
  }
  return meta;
}
