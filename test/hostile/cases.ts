import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * One hostile case is `cases/<name>.json` (what the repository looks like, what is done to it, what must
 * happen) and, when Codex answers a diff or a planted proposal carries one, `cases/<name>.diff`.
 *
 * Text in both files may hold placeholders, so invisible characters stay reviewable and paths can point at
 * a folder the test watches:
 * - `{{U+202E}}` (4 to 6 hex digits): that character; `{{OUTSIDE}}`: the folder holding the repository;
 * - `{{LINES n text}}` on a line of its own: n added lines `+text`;
 * - `{{REPEAT n text}}`: text repeated n times (`\n` in text is a newline);
 * - `{{PROPOSAL_ID}}`: the proposal being applied; `{{SHA256 path}}`: the hash of a repository file as it is
 *   when the case tampers with the repository (to forge a record that matches it).
 */
const CASES_DIR = fileURLToPath(new URL('./cases/', import.meta.url));

const fileSpec = z.union([
  z.string(),
  z.object({
    text: z.string().optional(),
    base64: z.string().optional(),
    mode: z.enum(['644', '755']).optional(),
  }),
]);

const backupEntry = z.object({ path: z.string(), text: z.string().nullable(), mode: z.number().optional() });

/** The crash-recovery file an earlier codex-retro wrote beside a proposal, as a cloned repo may carry it. */
const backupSpec = z.object({
  operation: z.enum(['apply', 'revert']).default('apply'),
  files: z.array(backupEntry),
  missingDirs: z.array(z.string()).default([]),
});

const repoSpec = z
  .object({
    /** Committed on top of the base repository (see case-repo.ts). */
    files: z.record(z.string(), fileSpec).default({}),
    /** Base files removed before the commit. */
    remove: z.array(z.string()).default([]),
    /** Committed symlinks: path → target. */
    symlinks: z.record(z.string(), z.string()).default({}),
    /** Written after the commit, never added to git. */
    untracked: z.record(z.string(), fileSpec).default({}),
    untracked_dirs: z.array(z.string()).default([]),
    untracked_symlinks: z.record(z.string(), z.string()).default({}),
    /** Sparse files made with truncate (no byte is written): path → size in bytes. */
    sparse: z.record(z.string(), z.number()).default({}),
    /** Appended to `.git/config` after the commit. */
    git_config: z.string().optional(),
    /** Executable scripts written to `.git/hooks/`. */
    hooks: z.record(z.string(), z.string()).default({}),
  })
  .default({
    files: {},
    remove: [],
    symlinks: {},
    untracked: {},
    untracked_dirs: [],
    untracked_symlinks: {},
    sparse: {},
    hooks: {},
  });

/** A proposal folder committed in the repository: it was never generated on this machine. */
const plantedProposalSpec = z.object({
  id: z.string(),
  /** Fields of meta.json that differ from a plain generated proposal. */
  meta: z.record(z.string(), z.unknown()).default({}),
  backup: backupSpec.optional(),
});

/** What is done to the repository after Codex answered and before anyone applies. */
const tamperSpec = z.discriminatedUnion('op', [
  /** Fields merged into the proposal's meta.json (objects merge, the rest replaces). */
  z.object({ op: z.literal('merge_meta'), set: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('plant_backup'), backup: backupSpec }),
  /** Writes a file inside the repository (path relative to it; placeholders expand). */
  z.object({ op: z.literal('write'), path: z.string(), text: z.string() }),
  z.object({ op: z.literal('append'), path: z.string(), text: z.string() }),
  z.object({ op: z.literal('symlink'), path: z.string(), target: z.string() }),
  /** The proposal folder copied under another id (meta.json unchanged unless `set` says otherwise). */
  z.object({
    op: z.literal('copy_proposal'),
    to: z.string(),
    set: z.record(z.string(), z.unknown()).default({}),
  }),
]);

const refusedSpec = z.object({
  outcome: z.literal('refused'),
  /** Check ids that must be among the failed checks (of the review, or of the refusal's `details.checks`). */
  checks: z.array(z.string()).default([]),
  /** At least one of these ids must have failed (either is a right answer; which one is the product's choice). */
  any_check: z.array(z.string()).default([]),
  /** Case-insensitive regex that the message of one of those checks must match. */
  reason: z.string(),
  /**
   * The refusal comes as this error before the patch is looked at (a proposal codex-retro never recorded):
   * the review answers it too or shows the proposal as untrusted, and nothing at all may be written.
   */
  error: z.string().optional(),
  /** A revert is tried through the API as well (records forged to say "applied"), refused with this error. */
  revert_error: z.string().optional(),
});

const appliedSpec = z.object({
  outcome: z.literal('applied'),
  /** Every file the apply changes, as it must be afterwards (null: removed). Nothing else may change. */
  files: z.record(z.string(), z.string().nullable()),
  /**
   * Headers as the diff stated them, for hunks whose counts disagreed with their lines: the review shows each
   * recounted, with this one beside it. Any other hunk must be shown exactly as the diff stated it.
   */
  stated_headers: z.array(z.string()).default([]),
});

const caseSchema = z.object({
  category: z.string(),
  about: z.string(),
  repo: repoSpec,
  /** Where the diff comes from: Codex answers it, or a proposal folder in the repository carries it. */
  source: z.enum(['codex', 'planted']).default('codex'),
  planted: plantedProposalSpec.optional(),
  tamper: z.array(tamperSpec).default([]),
  /** Which proposal is applied: the generated one (default) or another id (a copy, a planted one). */
  apply_id: z.string().optional(),
  /**
   * What the repository says that codex-retro reported and ignored (an edited mirror, a planted backup): a
   * regex for each of the review's `integrity.problems`, which must hold nothing else.
   */
  ignored: z.array(z.string()).default([]),
  expect: z.discriminatedUnion('outcome', [refusedSpec, appliedSpec]),
});

export type HostileCase = z.infer<typeof caseSchema> & { name: string; diff: string | null };
export type FileSpec = z.infer<typeof fileSpec>;
export type BackupSpec = z.infer<typeof backupSpec>;
export type TamperSpec = z.infer<typeof tamperSpec>;
export type Expectation = HostileCase['expect'];

function readCase(name: string): HostileCase {
  const raw: unknown = JSON.parse(readFileSync(join(CASES_DIR, `${name}.json`), 'utf8'));
  const parsed = caseSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${name}.json: ${parsed.error.message}`);
  const diffPath = join(CASES_DIR, `${name}.diff`);
  const diff = existsSync(diffPath) ? readFileSync(diffPath, 'utf8') : null;
  if (parsed.data.source === 'codex' && diff === null)
    throw new Error(`${name}: Codex answers a diff, but ${name}.diff is missing`);
  if (parsed.data.source === 'planted' && !parsed.data.planted)
    throw new Error(`${name}: a planted case needs "planted"`);
  return { ...parsed.data, name, diff };
}

/** Every case, sorted by name; a `.diff` without its `.json` is an error, not a silently skipped case. */
export function loadCases(): HostileCase[] {
  const names = readdirSync(CASES_DIR);
  const cases = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
  const orphans = names.filter((n) => n.endsWith('.diff') && !cases.includes(n.slice(0, -'.diff'.length)));
  if (orphans.length > 0) throw new Error(`diff without a descriptor: ${orphans.join(', ')}`);
  return cases.sort().map(readCase);
}

interface Vars {
  outside: string;
  proposalId?: string;
  /** Set when the repository exists, for `{{SHA256 path}}`. */
  repoDir?: string;
}

/** Expands the placeholders described at the top of this file. */
export function expandText(text: string, vars: Vars): string {
  return text
    .replace(/\{\{SHA256 (\S+)\}\}/g, (match, path: string) =>
      vars.repoDir === undefined
        ? match
        : createHash('sha256')
            .update(readFileSync(join(vars.repoDir, path)))
            .digest('hex'),
    )
    .replace(/^\{\{LINES (\d+) (.*)\}\}$/gm, (_, count: string, line: string) =>
      Array.from({ length: Number(count) }, () => `+${line}`).join('\n'),
    )
    .replace(/\{\{REPEAT (\d+) (.*?)\}\}/g, (_, count: string, chunk: string) =>
      chunk.replaceAll('\\n', '\n').repeat(Number(count)),
    )
    .replace(/\{\{U\+([0-9A-Fa-f]{4,6})\}\}/g, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replaceAll('{{OUTSIDE}}', vars.outside)
    .replaceAll('{{PROPOSAL_ID}}', vars.proposalId ?? '{{PROPOSAL_ID}}');
}

/** Expands placeholders in every string and key of a JSON value. */
export function expandDeep<T>(value: T, vars: Vars): T {
  if (typeof value === 'string') return expandText(value, vars) as T;
  if (Array.isArray(value)) return value.map((item) => expandDeep(item, vars)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [expandText(k, vars), expandDeep(v, vars)]),
    ) as T;
  }
  return value;
}
