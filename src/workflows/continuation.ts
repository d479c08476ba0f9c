import { readConfiguredProvider } from '../codex/config-provider.js';
import { RetroError } from '../errors.js';
import type { SessionMetadata } from '../sessions/types.js';
import type { RunMode } from './deps.js';

/**
 * Whether Codex itself can continue a session (`codex exec fork` / `codex exec resume`), and if not, why.
 * `default_mode` is what a run without a mode uses: fork where Codex can, else a digest run.
 */
export interface Continuation {
  fork: boolean;
  resume: boolean;
  /** Why fork or resume is not possible; null when both are. */
  reason: string | null;
  default_mode: 'fork' | 'digest';
}

type ContinuationFacts = Pick<
  SessionMetadata,
  'id' | 'era' | 'archived' | 'cli_version' | 'originator' | 'cwd' | 'model_provider' | 'parse_issues'
>;

const NONE = (reason: string): Continuation => ({
  fork: false,
  resume: false,
  reason,
  default_mode: 'digest',
});

/**
 * The rule, as the pinned Codex (0.169) behaves when driven on rollouts of every era
 * (`continuation.e2e.test.ts` checks it against the real CLI):
 * - It finds sessions by their `rollout-*.jsonl` file: TypeScript-era `.json` snapshots are never found.
 * - It reads the first line as `session_meta` whose payload holds string `id`, `timestamp`, `cwd`, `originator`
 *   and `cli_version`; rollouts before 0.34 (bare JSONL, no `cli_version`) fail with "… is empty (code -32603)",
 *   and so does any first line without one of those fields.
 * - It refuses a rollout holding bytes that are not UTF-8, anywhere (a line that is not JSON it skips).
 * - It refuses archived sessions until `codex unarchive ID`.
 * - Resume (not fork) refuses a session recorded with another model provider than the configured one.
 * Other originators (VS Code, exec, sub-agents), forks, torn last lines and unknown lines continue fine.
 */
export function decideContinuation(meta: ContinuationFacts, configuredProvider: string | null): Continuation {
  if (meta.era === 'A') {
    return NONE(
      'it was written by the TypeScript Codex CLI (a .json snapshot), which today’s Codex does not read back',
    );
  }
  const counts = meta.parse_issues.counts;
  if ((counts.read_error ?? 0) > 0 || (counts.vanished ?? 0) > 0) {
    return NONE('its rollout file could not be read to the end');
  }
  if ((counts.invalid_utf8 ?? 0) > 0) {
    return NONE('its rollout holds bytes that are not UTF-8, and Codex refuses to read such a file');
  }
  if (meta.parse_issues.examples.some((issue) => issue.line === 1)) {
    return NONE('the first line of its rollout is damaged, and Codex reads the session from that line');
  }
  if (!meta.era.startsWith('C')) {
    return NONE(
      'it was written by Codex before 0.34 (a rollout without a session metadata line, so no cli_version), which today’s Codex cannot read back',
    );
  }
  const missing = (['cli_version', 'originator', 'cwd'] as const).filter((key) => meta[key] === null);
  if (missing.length > 0) {
    return NONE(`its session metadata lacks ${missing.join(' and ')}, which Codex needs to read it back`);
  }
  if (meta.archived) {
    return NONE(`it is archived; Codex continues it only after \`codex unarchive ${meta.id}\``);
  }
  const recorded = meta.model_provider;
  if (recorded !== null && configuredProvider !== null && recorded !== configuredProvider) {
    return {
      fork: true,
      resume: false,
      reason: `it was recorded with model provider "${recorded}" and Codex is configured for "${configuredProvider}" now; Codex does not change a session's provider on resume`,
      default_mode: 'fork',
    };
  }
  return { fork: true, resume: true, reason: null, default_mode: 'fork' };
}

/** The rule for a session in this Codex home (its config.toml names the provider). */
export async function readContinuation(codexHome: string, meta: ContinuationFacts): Promise<Continuation> {
  return decideContinuation(meta, await readConfiguredProvider(codexHome));
}

/**
 * The mode a run uses: the one asked for when Codex can do it, the default when none was asked. Asking for
 * fork or resume of a session Codex cannot continue is refused here, before anything runs.
 */
export function chooseRunMode(
  requested: RunMode | undefined | null,
  continuation: Continuation,
  sessionId: string,
): RunMode {
  const mode = requested ?? continuation.default_mode;
  if ((mode === 'fork' && !continuation.fork) || (mode === 'resume' && !continuation.resume)) {
    const alternative = continuation.fork
      ? 'use fork, or digest to run on a digest of its transcript'
      : 'leave the mode out (or ask for digest) to run on a digest of its transcript instead';
    throw new RetroError(
      'session_not_continuable',
      `Codex cannot ${mode} session ${sessionId}: ${continuation.reason ?? 'Codex does not continue it'}. ${capitalize(alternative)}.`,
      { status: 409 },
    );
  }
  return mode;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** The mode a run uses and, for a digest run, why: what the run record, the artifacts and the CLI say. */
export interface PlannedMode {
  mode: RunMode;
  mode_reason: string | null;
}

/** Decides how a run on this session sees it, refusing a mode Codex cannot do before anything runs. */
export async function planRunMode(
  codexHome: string,
  meta: ContinuationFacts,
  requested: RunMode | undefined | null,
): Promise<PlannedMode> {
  const continuation = await readContinuation(codexHome, meta);
  const mode = chooseRunMode(requested, continuation, meta.id);
  if (mode !== 'digest') return { mode, mode_reason: null };
  return {
    mode,
    mode_reason:
      requested === 'digest'
        ? 'A digest run was asked for.'
        : `Codex cannot continue this session: ${continuation.reason ?? 'unknown reason'}.`,
  };
}
