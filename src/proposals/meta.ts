import { z } from 'zod';

/**
 * The shape of a proposal's record: kept in codex-retro's state folder (the authority) and mirrored to
 * `.codex-orchestrator/proposals/<id>/meta.json` in the repo (for people and tools to read). Both are parsed
 * with this schema on every read; the types below are inferred from it.
 */
const validationCheckSchema = z.object({
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  message: z.string(),
  details: z.unknown().optional(),
});

const validationResultSchema = z.object({
  ok: z.boolean(),
  stale: z.boolean(),
  checked_at: z.string(),
  checks: z.array(validationCheckSchema),
});

const proposalStatusSchema = z.enum([
  'generating',
  'generated',
  'no_change',
  'failed',
  'applied',
  'reverted',
]);

const fileChangeSchema = z.object({
  path: z.string(),
  before_sha256: z.string().nullable(),
  after_sha256: z.string().nullable(),
});

/** What this proposal may touch beyond `.codex/skills/**` and AGENTS.md; only the state record grants it. */
const optionsSchema = z.object({
  allow_subtree_agents: z.boolean(),
  allow_paths: z.array(z.string()),
});

const auditEntrySchema = z.object({
  at: z.string(),
  action: z.enum(['created', 'validated', 'apply_refused', 'applied', 'revert_refused', 'reverted']),
  detail: z.unknown().optional(),
});

export const proposalMetaSchema = z.object({
  proposal_id: z.string(),
  session_id: z.string(),
  insight_artifact_id: z.string().nullable(),
  job_id: z.string().nullable(),
  mode: z.enum(['fork', 'resume', 'digest']),
  /** Why a digest run was made; older records lack it. */
  mode_reason: z.string().nullable().optional(),
  status: proposalStatusSchema,
  created_at: z.string(),
  summary: z.string(),
  files_touched: z.array(z.string()),
  safety_notes: z.array(z.string()),
  codex_thread_id: z.string().nullable(),
  prompt: z.string().nullable(),
  model: z.string().nullable(),
  /** Fingerprint of every touched file when the proposal was made (sha256; null: the file did not exist). */
  base: z.array(z.object({ path: z.string(), sha256: z.string().nullable() })),
  options: optionsSchema,
  /** Hunks whose header the model got wrong: as written, and as recounted (what is stored and shown). */
  recounted: z.array(z.object({ path: z.string(), header: z.string(), stated: z.string() })).optional(),
  validation: validationResultSchema.nullable(),
  applied_at: z.string().optional(),
  files_changed: z.array(fileChangeSchema).optional(),
  reverted_at: z.string().optional(),
  revert_files_changed: z.array(fileChangeSchema).optional(),
  audit: z.array(auditEntrySchema),
  error: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
});

export type ValidationCheck = z.infer<typeof validationCheckSchema>;
export type ValidationResult = z.infer<typeof validationResultSchema>;
export type ProposalMeta = z.infer<typeof proposalMetaSchema>;
export type ProposalOptions = ProposalMeta['options'];

/** What workflow B hands over once Codex has answered. */
export interface CreateProposalInput {
  proposal_id: string;
  session_id: string;
  insight_artifact_id: string | null;
  job_id: string | null;
  mode: 'fork' | 'resume' | 'digest';
  mode_reason?: string | null;
  diff: string;
  summary: string;
  files_touched: string[];
  safety_notes: string[];
  codex_thread_id: string | null;
  prompt: string | null;
  model: string | null;
  options?: Partial<ProposalOptions>;
}

/** What is known about a proposal while its job still runs: everything but Codex's answer. */
export type ProposalPlaceholderInput = Omit<
  CreateProposalInput,
  'diff' | 'summary' | 'files_touched' | 'safety_notes' | 'codex_thread_id'
> & { codex_thread_id?: string | null };
