import { RetroError } from '../errors.js';
import { assertId } from '../ids.js';
import {
  type BaseFiles,
  checkPatch,
  type FilePatch,
  failCheck,
  findAllowEntryProblem,
  fingerprintFiles,
  formatHunkHeader,
  formatPatch,
  isSkipped,
  listChangedPaths,
  listPatchPaths,
  type PatchVerdict,
  parsePatch,
  passCheck,
} from '../patch/index.js';
import { redactDeep, redactText } from '../redact/index.js';
import { withProposalLock } from './locks.js';
import type {
  CreateProposalInput,
  ProposalMeta,
  ProposalOptions,
  ProposalPlaceholderInput,
  ValidationResult,
} from './meta.js';
import type { ProposalPlace } from './place.js';
import { type LoadedProposal, loadProposal, saveProposal } from './state.js';

const WRITE_WAIT_MS = 10_000;

function listRecounted(files: FilePatch[]): NonNullable<ProposalMeta['recounted']> {
  return files.flatMap((file) =>
    file.hunks.flatMap((hunk) =>
      hunk.stated === null
        ? []
        : [{ path: file.newPath ?? file.oldPath ?? '', header: formatHunkHeader(hunk), stated: hunk.stated }],
    ),
  );
}

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

/** For the audit: the checks that failed, and apart from them those that did not run because of them. */
export function summarizeValidation(result: ValidationResult): {
  ok: boolean;
  stale: boolean;
  failed: string[];
  not_checked: string[];
} {
  const notPassed = result.checks.filter((c) => !c.ok);
  return {
    ok: result.ok,
    stale: result.stale,
    failed: notPassed.filter((c) => !isSkipped(c)).map((c) => c.id),
    not_checked: notPassed.filter(isSkipped).map((c) => c.id),
  };
}

/**
 * Every check on a stored proposal against the tree as it is now: first whether codex-retro recorded it at
 * all (a proposal folder that only the repo holds is never applied), then the patch's own checks, run with
 * the permissions of the record — never with what the repo's meta.json says.
 */
export async function validateProposalDiff(
  place: ProposalPlace,
  loaded: Pick<LoadedProposal, 'trusted' | 'problems'>,
  diff: string,
  options: ProposalOptions,
  base?: BaseFiles,
): Promise<{ result: ValidationResult; verdict: PatchVerdict }> {
  const trust = loaded.trusted
    ? passCheck(
        'untrusted_state',
        loaded.problems.length === 0
          ? 'Recorded by codex-retro in its own state folder.'
          : `Recorded by codex-retro; what the repository says differently was ignored: ${loaded.problems.join('; ')}.`,
      )
    : failCheck('untrusted_state', `${loaded.problems[0] ?? 'No record of this proposal.'}.`);
  const verdict = await checkPatch(place.repoRoot, diff, options, base);
  const result: ValidationResult = {
    ok: verdict.ok && loaded.trusted,
    stale: verdict.stale,
    checked_at: new Date().toISOString(),
    checks: redactDeep([trust, ...verdict.checks]),
  };
  return { result, verdict };
}

/** The proposal (404 proposal_not_found when neither codex-retro nor the repo knows it). */
export async function requireProposal(place: ProposalPlace, proposalId: string): Promise<LoadedProposal> {
  const loaded = await loadProposal(place, proposalId);
  if (loaded === null) {
    throw new RetroError(
      'proposal_not_found',
      `No proposal ${proposalId} in this repository; list proposals or generate one.`,
      {
        status: 404,
      },
    );
  }
  return loaded;
}

/** A recorded proposal, for a step that changes it; a folder only the repo holds is refused. */
export async function requireRecorded(place: ProposalPlace, proposalId: string): Promise<LoadedProposal> {
  const loaded = await requireProposal(place, proposalId);
  if (!loaded.trusted) {
    throw new RetroError(
      'untrusted_proposal',
      `${loaded.problems[0] ?? 'No record of this proposal'}; generate it again here.`,
      {
        status: 422,
        details: {
          checks: [failCheck('untrusted_state', loaded.problems[0] ?? 'No record of this proposal.')],
        },
      },
    );
  }
  return loaded;
}

/**
 * Records a proposal whose job is still running (status `generating`). Never overwrites a proposal that
 * already has an answer: if the job finished first, the stored proposal is returned as it is.
 */
export async function saveProposalPlaceholder(
  place: ProposalPlace,
  input: ProposalPlaceholderInput,
): Promise<ProposalMeta> {
  checkIds(input);
  const options = normalizeOptions(input.options);
  return withProposalLock(place, input.proposal_id, WRITE_WAIT_MS, async () => {
    const existing = await loadProposal(place, input.proposal_id);
    if (existing?.trusted) return existing.meta;
    const now = new Date().toISOString();
    const meta: ProposalMeta = {
      ...redactDeep({
        proposal_id: input.proposal_id,
        session_id: input.session_id,
        insight_artifact_id: input.insight_artifact_id,
        job_id: input.job_id,
        mode: input.mode,
        mode_reason: input.mode_reason ?? null,
        status: 'generating' as const,
        created_at: now,
        summary: '',
        files_touched: [],
        safety_notes: [],
        codex_thread_id: input.codex_thread_id ?? null,
        prompt: input.prompt,
        model: input.model,
        base: [],
        validation: null,
        audit: [
          { at: now, action: 'created' as const, detail: { status: 'generating', job_id: input.job_id } },
        ],
        error: null,
      }),
      options,
    };
    await saveProposal(place, meta, '');
    return meta;
  });
}

/**
 * Stores Codex's answer: redacted, parsed once and stored in its canonical form (or as written when it does
 * not parse, to show why), validated at once against the tree as it is now, with the fingerprints of the
 * touched files so a later apply can tell whether the repository moved. An empty diff becomes `no_change`.
 */
export async function createProposal(
  place: ProposalPlace,
  input: CreateProposalInput,
): Promise<ProposalMeta> {
  checkIds(input);
  const options = normalizeOptions(input.options);
  return withProposalLock(place, input.proposal_id, WRITE_WAIT_MS, async () => {
    const existing = await loadProposal(place, input.proposal_id);
    const prior = existing?.trusted ? existing.meta : null;
    if (prior !== null && prior.status !== 'generating') {
      throw new RetroError(
        'proposal_exists',
        `Proposal ${input.proposal_id} already exists (${prior.status}).`,
        {
          status: 409,
        },
      );
    }
    const raw = redactText(input.diff);
    const parsed = parsePatch(raw);
    const diff = parsed.ok ? formatPatch(parsed.files) : raw;
    const base = parsed.ok ? await fingerprintFiles(place.repoRoot, listPatchPaths(parsed.files)) : [];
    const { result: validation } = await validateProposalDiff(
      place,
      { trusted: true, problems: [] },
      diff,
      options,
      base,
    );
    const now = new Date().toISOString();
    const status = raw.trim() === '' || (parsed.ok && parsed.files.length === 0) ? 'no_change' : 'generated';
    const meta: ProposalMeta = {
      ...redactDeep({
        proposal_id: input.proposal_id,
        session_id: input.session_id,
        insight_artifact_id: input.insight_artifact_id,
        job_id: input.job_id,
        mode: input.mode,
        mode_reason: input.mode_reason ?? null,
        summary: input.summary,
        files_touched: parsed.ok ? listChangedPaths(parsed.files) : input.files_touched,
        safety_notes: input.safety_notes,
        codex_thread_id: input.codex_thread_id,
        prompt: input.prompt,
        model: input.model,
      }),
      status,
      created_at: prior?.created_at ?? now,
      base,
      recounted: parsed.ok ? listRecounted(parsed.files) : [],
      options: prior?.options ?? options,
      validation,
      audit: [
        ...(prior?.audit ?? []),
        { at: now, action: 'created', detail: { status } },
        { at: validation.checked_at, action: 'validated', detail: summarizeValidation(validation) },
      ],
      error: null,
    };
    await saveProposal(place, meta, diff);
    return meta;
  });
}

/** A proposal whose job failed, timed out or was cancelled before Codex answered. */
export async function markProposalFailed(
  place: ProposalPlace,
  proposalId: string,
  error: { code: string; message: string },
): Promise<ProposalMeta> {
  await requireRecorded(place, proposalId);
  return withProposalLock(place, proposalId, WRITE_WAIT_MS, async () => {
    const { meta, diff } = await requireRecorded(place, proposalId);
    if (meta.status !== 'generating') return meta;
    const failed: ProposalMeta = {
      ...meta,
      status: 'failed',
      error: { code: error.code, message: redactText(error.message) },
    };
    await saveProposal(place, failed, diff);
    return failed;
  });
}
