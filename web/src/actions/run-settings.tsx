import { type ReactNode, useId } from 'react';
import type { RunSettings, SandboxMode } from '../api/types.js';

const MODEL_PATTERN = /^[\w.:/-]{1,100}$/;

/** A model name the server takes (empty: Codex's own default). */
export function isModelValid(model: string): boolean {
  return model.trim() === '' || MODEL_PATTERN.test(model.trim());
}

/** The settings as a run request carries them: an empty model is left out, so Codex's config decides. */
export function requestSettings(settings: RunSettings): {
  model?: string;
  sandbox: SandboxMode;
  approval: 'never';
} {
  const model = settings.model.trim();
  return { ...(model ? { model } : {}), sandbox: settings.sandbox, approval: settings.approval };
}

interface RunSettingsProps {
  settings: RunSettings;
  onChange: (settings: RunSettings) => void;
  /** `serve --allow-write-sandbox`: only then can insights ask for workspace-write. */
  writeAllowed: boolean;
  /** The model the session itself ran with, offered first. */
  sessionModel: string | null;
}

/**
 * The model, sandbox and approval of the runs started here, each recorded in the run's record. Insights may
 * run in the workspace-write sandbox only when the server allows it; proposal runs are always read-only; and
 * codex exec never asks for approval, so "never" is the only approval it can honour.
 */
export function RunSettingsFields({
  settings,
  onChange,
  writeAllowed,
  sessionModel,
}: RunSettingsProps): ReactNode {
  const id = useId();
  const modelOk = isModelValid(settings.model);
  return (
    <fieldset className="run-settings">
      <legend>Codex run settings</legend>
      <label className="field inline">
        <span>Model</span>
        <input
          type="text"
          value={settings.model}
          placeholder="Codex default"
          list={`${id}-models`}
          spellCheck={false}
          aria-invalid={!modelOk}
          aria-describedby={modelOk ? undefined : `${id}-model-error`}
          onChange={(event) => onChange({ ...settings, model: event.target.value })}
        />
      </label>
      {sessionModel ? (
        <datalist id={`${id}-models`}>
          <option value={sessionModel} />
        </datalist>
      ) : null}
      {modelOk ? null : (
        <p id={`${id}-model-error`} className="bad small">
          A model name has letters, digits and . _ : / - only (for example gpt-5.5).
        </p>
      )}
      <label className="field inline">
        <span>Sandbox</span>
        <select
          value={settings.sandbox}
          aria-describedby={`${id}-sandbox-note`}
          onChange={(event) => onChange({ ...settings, sandbox: event.target.value as SandboxMode })}
        >
          <option value="read-only">read-only</option>
          <option value="workspace-write" disabled={!writeAllowed}>
            workspace-write{writeAllowed ? '' : ' (not allowed by this server)'}
          </option>
        </select>
      </label>
      <p id={`${id}-sandbox-note`} className="muted small">
        {writeAllowed
          ? 'For insights; what Codex writes in workspace-write is not reviewed. Proposal runs are always read-only.'
          : 'Insights and proposals run read-only. Start the server with --allow-write-sandbox to let insights write.'}
      </p>
      <label className="field inline">
        <span>Approval</span>
        <select value={settings.approval} aria-describedby={`${id}-approval-note`} onChange={() => undefined}>
          <option value="never">never</option>
          <option value="on-request" disabled>
            on-request
          </option>
          <option value="on-failure" disabled>
            on-failure
          </option>
          <option value="untrusted" disabled>
            untrusted
          </option>
        </select>
      </label>
      <p id={`${id}-approval-note`} className="muted small">
        Headless Codex (codex exec) never asks, so never is the only approval it can honour.
      </p>
    </fieldset>
  );
}
