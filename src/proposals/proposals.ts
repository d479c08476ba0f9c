import { join } from 'node:path';
import { RetroError } from '../errors.js';
import { assertId } from '../ids.js';
import { redactDeep, redactText } from '../redact/index.js';
import { findAllowEntryProblem } from './checks/path-rules.js';
import { parseDiff } from './diff-parse.js';
import { withLock } from './lock.js';
import type {
  CreateProposalInput,
  ProposalMeta,
  ProposalOptions,
  ProposalPlaceholderInput,
  ValidationResult,
} from './meta.js';
import {
  ensureProposalDir,
  proposalDir,
  readDiff,
  readMeta,
  requireMeta,
  writeDiff,
  writeMeta,
} from './store.js';
import { hashTouchedFiles, runValidation } from './validate.js';

/** Holds `proposals/<id>/.lock` while `fn` reads and rewrites meta.json, waiting a little for another writer. */
export function withProposalLock<T>(
  repoRoot: string,
  proposalId: string,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  return withLock(
    join(proposalDir(repoRoot, proposalId), '.lock'),
    {
      waitMs,
      busy: () =>
        new RetroError(
          'apply_in_progress',
          `Proposal ${proposalId} is being applied, reverted or saved right now; wait for that to finish and reload it.`,
          { status: 409 },
        ),
    },
    fn,
  );
}

const WRITE_WAIT_MS = 10_000;

function normalizeOptions(options: Partial<ProposalOptions> | undefined): ProposalOptions {
  const allowPaths = options?.allow_paths ?? [];
  for (const entry of allowPaths) {
    const problem = findAllowEntryProblem(entry);
    if (problem !== null) {
      throw new RetroError(
        'invalid_allow_path',
        `The allowed path "${entry.slice(0, 80)}" is refused: ${problem}.`,
        {
          status: 400,
        },
      );
    }
  }
  return { allow_subtree_agents: options?.allow_subtree_agents ?? false, allow_paths: [...allowPaths] };
}

function checkIds(input: ProposalPlaceholderInput): void {
  assertId('proposal', input.proposal_id);
  assertId('session', input.session_id);
  if (input.insight_artifact_id !== null) assertId('artifact', input.insight_artifact_id);
  if (input.job_id !== null) assertId('job', input.job_id);
}

export function summarizeValidation(result: ValidationResult): {
  ok: boolean;
  stale: boolean;
  failed: string[];
} {
  return { ok: result.ok, stale: result.stale, failed: result.checks.filter((c) => !c.ok).map((c) => c.id) };
}

/**
 * Records a proposal whose job is still running (status `generating`). Never overwrites a proposal that
 * already has an answer: if the job finished first, the stored proposal is returned as it is.
 */
export async function saveProposalPlaceholder(
  repoRoot: string,
  input: ProposalPlaceholderInput,
): Promise<ProposalMeta> {
  checkIds(input);
  const options = normalizeOptions(input.options);
  await ensureProposalDir(repoRoot, input.proposal_id);
  return withProposalLock(repoRoot, input.proposal_id, WRITE_WAIT_MS, async () => {
    const existing = await readMeta(repoRoot, input.proposal_id);
    if (existing !== null) return existing;
    const now = new Date().toISOString();
    const meta: ProposalMeta = redactDeep({
      proposal_id: input.proposal_id,
      session_id: input.session_id,
      insight_artifact_id: input.insight_artifact_id,
      job_id: input.job_id,
      mode: input.mode,
      status: 'generating',
      created_at: now,
      summary: '',
      files_touched: [],
      safety_notes: [],
      codex_thread_id: input.codex_thread_id ?? null,
      prompt: input.prompt,
      model: input.model,
      base: [],
      options,
      validation: null,
      audit: [{ at: now, action: 'created', detail: { status: 'generating', job_id: input.job_id } }],
      error: null,
    });
    await writeMeta(repoRoot, meta);
    return meta;
  });
}

/**
 * Stores Codex's answer as `proposal.diff` + `meta.json` and validates it at once against the tree as it is
 * now, recording the hashes of the touched files so a later apply can tell whether the repository moved.
 * An empty diff becomes status `no_change`.
 */
export async function createProposal(repoRoot: string, input: CreateProposalInput): Promise<ProposalMeta> {
  checkIds(input);
  const options = normalizeOptions(input.options);
  await ensureProposalDir(repoRoot, input.proposal_id);
  return withProposalLock(repoRoot, input.proposal_id, WRITE_WAIT_MS, async () => {
    const existing = await readMeta(repoRoot, input.proposal_id);
    if (existing !== null && existing.status !== 'generating') {
      throw new RetroError(
        'proposal_exists',
        `Proposal ${input.proposal_id} already exists (${existing.status}).`,
        {
          status: 409,
        },
      );
    }
    const diff = redactText(input.diff);
    const parsed = parseDiff(diff);
    const base = parsed.ok ? await hashTouchedFiles(repoRoot, parsed.files) : [];
    const validation = (await runValidation(repoRoot, diff, options, base)).result;
    const now = new Date().toISOString();
    const status = diff.trim() === '' || (parsed.ok && parsed.files.length === 0) ? 'no_change' : 'generated';
    const touched = parsed.ok
      ? parsed.files.map((file) => file.newPath ?? file.oldPath!)
      : input.files_touched;
    const meta: ProposalMeta = {
      ...redactDeep({
        proposal_id: input.proposal_id,
        session_id: input.session_id,
        insight_artifact_id: input.insight_artifact_id,
        job_id: input.job_id,
        mode: input.mode,
        summary: input.summary,
        files_touched: touched,
        safety_notes: input.safety_notes,
        codex_thread_id: input.codex_thread_id,
        prompt: input.prompt,
        model: input.model,
      }),
      status,
      created_at: existing?.created_at ?? now,
      base,
      options,
      validation,
      audit: [
        ...(existing?.audit ?? []),
        { at: now, action: 'created', detail: { status } },
        { at: validation.checked_at, action: 'validated', detail: summarizeValidation(validation) },
      ],
      error: null,
    };
    await writeDiff(repoRoot, input.proposal_id, diff);
    await writeMeta(repoRoot, meta);
    return meta;
  });
}

/** A proposal whose job failed, timed out or was cancelled before Codex answered. */
export async function markProposalFailed(
  repoRoot: string,
  proposalId: string,
  error: { code: string; message: string },
): Promise<ProposalMeta> {
  await requireMeta(repoRoot, proposalId);
  return withProposalLock(repoRoot, proposalId, WRITE_WAIT_MS, async () => {
    const meta = await requireMeta(repoRoot, proposalId);
    if (meta.status !== 'generating') return meta;
    const failed: ProposalMeta = {
      ...meta,
      status: 'failed',
      error: { code: error.code, message: redactText(error.message) },
    };
    await writeMeta(repoRoot, failed);
    return failed;
  });
}

export async function readProposal(
  repoRoot: string,
  proposalId: string,
): Promise<{ meta: ProposalMeta; diff: string }> {
  const meta = await requireMeta(repoRoot, proposalId);
  return { meta, diff: await readDiff(repoRoot, proposalId) };
}

/** Re-validates a stored proposal against the working tree as it is now and records the result. */
export async function validateProposal(repoRoot: string, proposalId: string): Promise<ValidationResult> {
  await requireMeta(repoRoot, proposalId);
  return withProposalLock(repoRoot, proposalId, WRITE_WAIT_MS, async () => {
    const meta = await requireMeta(repoRoot, proposalId);
    if (meta.status === 'generating' || meta.status === 'failed') {
      throw new RetroError(
        'proposal_not_ready',
        `Proposal ${proposalId} has no diff to validate (${meta.status}); wait for its job or generate it again.`,
        { status: 409 },
      );
    }
    const validation = (
      await runValidation(repoRoot, await readDiff(repoRoot, proposalId), meta.options, meta.base)
    ).result;
    await writeMeta(repoRoot, {
      ...meta,
      validation,
      audit: [
        ...meta.audit,
        { at: validation.checked_at, action: 'validated', detail: summarizeValidation(validation) },
      ],
    });
    return validation;
  });
}
