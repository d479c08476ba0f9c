import { z } from 'zod';
import { type Backup, findSyntaxProblem, restoreBackup, type WriteJournal } from '../../patch/index.js';
import type { ProposalMeta } from '../../proposals/meta.js';
import type { ProposalPlace } from '../../proposals/place.js';
import { readStateFile, removeStateFile, saveProposal, writeStateFile } from '../../proposals/state.js';

/**
 * While an apply or revert writes, its backup sits in the state folder (`backup.json` beside the record,
 * never in the repo). If the process dies half-way, the next apply or revert of that proposal restores it
 * before doing anything else, so an interrupted write still ends as all or nothing.
 */
const BACKUP_FILE = 'backup.json';

const storedBackupSchema = z.object({
  operation: z.enum(['apply', 'revert']),
  files: z.array(z.object({ path: z.string(), bytes: z.string().nullable(), mode: z.number().nullable() })),
  createdDirs: z.array(z.string()),
  temps: z.array(z.string()),
});

function encodeBackup(operation: 'apply' | 'revert', backup: Backup): string {
  return JSON.stringify({
    operation,
    files: backup.files.map((file) => ({ ...file, bytes: file.bytes?.toString('base64') ?? null })),
    createdDirs: backup.createdDirs,
    temps: backup.temps,
  });
}

function decodeBackup(text: string): (Backup & { operation: 'apply' | 'revert' }) | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = storedBackupSchema.safeParse(data);
  if (!parsed.success) return null;
  return {
    operation: parsed.data.operation,
    files: parsed.data.files.map((file) => ({
      ...file,
      bytes: file.bytes === null ? null : Buffer.from(file.bytes, 'base64'),
    })),
    createdDirs: parsed.data.createdDirs,
    temps: parsed.data.temps,
  };
}

export function journalFor(
  place: ProposalPlace,
  proposalId: string,
  operation: 'apply' | 'revert',
  afterEach?: (path: string) => Promise<void> | void,
): WriteJournal {
  return {
    save: (backup) => writeStateFile(place, proposalId, BACKUP_FILE, encodeBackup(operation, backup)),
    clear: () => removeStateFile(place, proposalId, BACKUP_FILE),
    ...(afterEach ? { afterEach } : {}),
  };
}

/** Finishes what a dead process left: restores its backup unless its operation had completed. */
export async function recoverInterrupted(
  place: ProposalPlace,
  meta: ProposalMeta,
  diff: string,
): Promise<ProposalMeta> {
  const text = await readStateFile(place, meta.proposal_id, BACKUP_FILE);
  if (text === null) return meta;
  const backup = decodeBackup(text);
  const completed =
    backup !== null && meta.status === (backup.operation === 'apply' ? 'applied' : 'reverted');
  const paths =
    backup === null ? [] : [...backup.files.map((f) => f.path), ...backup.createdDirs, ...backup.temps];
  if (backup === null || completed || !paths.every((path) => findSyntaxProblem(path) === null)) {
    await removeStateFile(place, meta.proposal_id, BACKUP_FILE);
    return meta;
  }
  await restoreBackup(place.repoRoot, backup);
  await removeStateFile(place, meta.proposal_id, BACKUP_FILE);
  const recovered: ProposalMeta = {
    ...meta,
    audit: [
      ...meta.audit,
      {
        at: new Date().toISOString(),
        action: backup.operation === 'apply' ? 'apply_refused' : 'revert_refused',
        detail: { reason: 'interrupted', restored: backup.files.map((file) => file.path) },
      },
    ],
  };
  await saveProposal(place, recovered, diff);
  return recovered;
}
