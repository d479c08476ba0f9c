import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type Backup, restoreBackup } from './backup.js';
import { findCharsetProblem, findDenylistMatch, findSyntaxProblem } from './checks/path-rules.js';
import type { ProposalMeta } from './meta.js';
import { proposalDir, writeFileAtomic, writeMeta } from './store.js';

/**
 * While git writes, the backup also sits on disk in `proposals/<id>/.backup.json`. If the process dies
 * half-way (killed, power loss), the next apply or revert of that proposal finds it and restores the files
 * before doing anything else, so an interrupted apply still ends as all or nothing.
 */
const BACKUP_FILE = '.backup.json';

const storedBackupSchema = z.object({
  operation: z.enum(['apply', 'revert']),
  files: z.array(z.object({ path: z.string(), bytes: z.string().nullable(), mode: z.number().nullable() })),
  missingDirs: z.array(z.string()),
});

export async function persistBackup(
  repoRoot: string,
  proposalId: string,
  operation: 'apply' | 'revert',
  backup: Backup,
): Promise<void> {
  const stored = {
    operation,
    files: backup.files.map((file) => ({ ...file, bytes: file.bytes?.toString('base64') ?? null })),
    missingDirs: backup.missingDirs,
  };
  await writeFileAtomic(join(proposalDir(repoRoot, proposalId), BACKUP_FILE), JSON.stringify(stored));
}

export async function clearBackup(repoRoot: string, proposalId: string): Promise<void> {
  await rm(join(proposalDir(repoRoot, proposalId), BACKUP_FILE), { force: true });
}

function isSafe(path: string): boolean {
  return (
    findSyntaxProblem(path) === null && findCharsetProblem(path) === null && findDenylistMatch(path) === null
  );
}

/** Finishes what a dead process left: restores its backup unless its operation had completed. */
export async function recoverInterrupted(repoRoot: string, meta: ProposalMeta): Promise<ProposalMeta> {
  const path = join(proposalDir(repoRoot, meta.proposal_id), BACKUP_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return meta;
    throw error;
  }
  const parsed = storedBackupSchema.safeParse(
    (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })(),
  );
  const completed =
    parsed.success && meta.status === (parsed.data.operation === 'apply' ? 'applied' : 'reverted');
  if (
    !parsed.success ||
    completed ||
    ![...parsed.data.files.map((f) => f.path), ...parsed.data.missingDirs].every(isSafe)
  ) {
    await rm(path, { force: true });
    return meta;
  }
  const backup: Backup = {
    files: parsed.data.files.map((file) => ({
      ...file,
      bytes: file.bytes === null ? null : Buffer.from(file.bytes, 'base64'),
    })),
    missingDirs: parsed.data.missingDirs,
  };
  await restoreBackup(repoRoot, backup);
  await rm(path, { force: true });
  const recovered: ProposalMeta = {
    ...meta,
    audit: [
      ...meta.audit,
      {
        at: new Date().toISOString(),
        action: parsed.data.operation === 'apply' ? 'apply_refused' : 'revert_refused',
        detail: { reason: 'interrupted', restored: backup.files.map((file) => file.path) },
      },
    ],
  };
  await writeMeta(repoRoot, recovered);
  return recovered;
}
