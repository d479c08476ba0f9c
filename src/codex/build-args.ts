import { RetroError } from '../errors.js';
import { assertId } from '../ids.js';

export type CodexMode = 'new' | 'fork' | 'resume';
export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';

const SANDBOX_MODES: readonly string[] = ['read-only', 'workspace-write', 'danger-full-access'];
const APPROVAL_POLICIES: readonly string[] = ['never', 'on-request', 'on-failure', 'untrusted'];
const CONFIG_KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const MODEL_NAME = /^[A-Za-z0-9][\w.:/-]*$/;

export interface ArgsSpec {
  mode: CodexMode;
  sessionId?: string;
  sandbox: SandboxMode;
  approval?: string;
  model?: string;
  config?: Record<string, string | number | boolean>;
  schemaFile?: string;
  lastMessageFile: string;
  skipGitRepoCheck?: boolean;
}

/** A TOML value for `-c key=value`: strings quoted (JSON string escapes are valid TOML basic strings). */
function tomlValue(value: string | number | boolean): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RetroError('invalid_config', `Config value ${value} is not a finite number.`, { status: 400 });
  }
  return String(value);
}

function configArgs(key: string, value: string | number | boolean): string[] {
  if (!CONFIG_KEY.test(key)) {
    throw new RetroError(
      'invalid_config',
      `"${key}" is not a valid Codex config key (use dotted names like a.b_c).`,
      {
        status: 400,
      },
    );
  }
  return ['-c', `${key}=${tomlValue(value)}`];
}

/**
 * The argv after the binary: `exec [fork|resume <id>] --json … -`, the prompt read from stdin (`-`).
 * `exec fork` and `exec resume` have no `-s`, so the sandbox goes in as `-c sandbox_mode=…` there.
 */
export function buildArgs(spec: ArgsSpec): string[] {
  if (!SANDBOX_MODES.includes(spec.sandbox)) {
    throw new RetroError('invalid_sandbox', `Sandbox must be one of ${SANDBOX_MODES.join(', ')}.`, {
      status: 400,
    });
  }
  if (spec.approval !== undefined && !APPROVAL_POLICIES.includes(spec.approval)) {
    throw new RetroError('invalid_approval', `Approval must be one of ${APPROVAL_POLICIES.join(', ')}.`, {
      status: 400,
    });
  }
  const args = ['exec'];
  if (spec.mode !== 'new') {
    if (!spec.sessionId) {
      throw new RetroError('invalid_request', `A ${spec.mode} needs the session id to ${spec.mode}.`, {
        status: 400,
      });
    }
    assertId('session', spec.sessionId);
    args.push(spec.mode);
  }
  args.push('--json');
  if (spec.skipGitRepoCheck) args.push('--skip-git-repo-check');
  if (spec.mode === 'new') args.push('-s', spec.sandbox);
  else args.push(...configArgs('sandbox_mode', spec.sandbox));
  if (spec.approval !== undefined) args.push(...configArgs('approval_policy', spec.approval));
  for (const [key, value] of Object.entries(spec.config ?? {})) args.push(...configArgs(key, value));
  if (spec.model) {
    if (!MODEL_NAME.test(spec.model)) {
      throw new RetroError('invalid_model', `"${spec.model.slice(0, 80)}" is not a model name.`, {
        status: 400,
      });
    }
    args.push('-m', spec.model);
  }
  if (spec.schemaFile) args.push('--output-schema', spec.schemaFile);
  args.push('-o', spec.lastMessageFile);
  if (spec.mode !== 'new' && spec.sessionId) args.push(spec.sessionId);
  args.push('-');
  return args;
}
