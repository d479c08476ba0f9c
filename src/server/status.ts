import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { codexVersion } from '../codex/index.js';
import { isRetroError } from '../errors.js';

interface StatusSource {
  repoRoot: string | null;
  codexHome: string;
  requestedCodexHome?: string;
  codexBin: string;
  demo: boolean;
  allowWriteSandbox?: boolean;
  allowSubtreeAgents?: boolean;
}

let cached: { bin: string; at: number; value: Promise<Record<string, unknown>> } | null = null;

/** `codex --version` once a minute at most; the answer is the same for the life of a server. */
function describeCodex(codexBin: string): Promise<Record<string, unknown>> {
  if (cached && cached.bin === codexBin && Date.now() - cached.at < 60_000) return cached.value;
  const value = codexVersion(codexBin).then(
    (version) => ({ bin: codexBin, found: true, version, error: null }),
    (error: unknown) => ({
      bin: codexBin,
      found: !(isRetroError(error) && error.code === 'codex_not_found'),
      version: null,
      error: isRetroError(error)
        ? { code: error.code, message: error.message }
        : { code: 'codex_failed', message: 'codex --version failed' },
    }),
  );
  cached = { bin: codexBin, at: Date.now(), value };
  return value;
}

/**
 * What the UI shows about the setup. Whether Codex is logged in is only a hint (an auth file exists);
 * its content is never read, and no environment variable is reported.
 */
export async function describeStatus(source: StatusSource): Promise<Record<string, unknown>> {
  const authFile = await access(join(source.codexHome, 'auth.json')).then(
    () => true,
    () => false,
  );
  return {
    codex: await describeCodex(source.codexBin),
    codex_home: source.codexHome,
    requested_codex_home: source.requestedCodexHome ?? source.codexHome,
    repo_root: source.repoRoot,
    demo: source.demo,
    logged_in_hint: authFile
      ? 'auth.json present'
      : 'no auth.json in the Codex home: run `codex login` with this CODEX_HOME if runs fail',
    logged_in: authFile,
    // Per session, GET /codex/sessions/{id} says what Codex can do (`continuation.default_mode`).
    defaults: {
      mode: 'fork',
      mode_when_not_continuable: 'digest',
      insights_sandbox: 'read-only',
      proposals_sandbox: 'read-only',
      approval: 'never',
      /** `serve --allow-subtree-agents`: the opt-in a proposal starts with; each proposal can change it. */
      allow_subtree_agents: source.allowSubtreeAgents ?? false,
    },
    /** `serve --allow-write-sandbox`: insights may ask for workspace-write. Proposals are always read-only. */
    write_sandbox_allowed: source.allowWriteSandbox ?? false,
  };
}
