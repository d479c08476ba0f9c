import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { Continuation, InsightArtifact, RunMode, RunSettings, ServerStatus } from '../api/types.js';
import { InsightsSection } from './insights-section.js';
import { effectiveMode, ModeChoice } from './mode-choice.js';
import { ProposalsSection } from './proposals-section.js';
import { RunSettingsFields } from './run-settings.js';

interface ActionsPanelProps {
  api: RetroApi;
  status: ServerStatus | null;
  sessionId: string | null;
  sessionTitle: string | null;
  /** What Codex can do with the session (from its transcript); null until it has loaded. */
  continuation: Continuation | null;
  sessionModel: string | null;
  defaultPrompt: string | null;
  /** A resumed run ended: the session's transcript has new turns. */
  onSessionChanged: () => void;
  /** Changes when a proposal changed elsewhere (applied or reverted in its review): the list reloads. */
  proposalsVersion: number;
  onReview: (proposalId: string) => void;
  onOpenEntry: (line: number) => void;
}

/** Right panel: what to run on the selected session, how, and what came of it. */
export function ActionsPanel(props: ActionsPanelProps): ReactNode {
  const { api, status, sessionId, sessionTitle, continuation, sessionModel, defaultPrompt } = props;
  const { onSessionChanged, proposalsVersion, onReview, onOpenEntry } = props;
  const [chosen, setMode] = useState<RunMode | null>(null);
  const mode = effectiveMode(chosen, continuation);
  const [settings, setSettings] = useState<RunSettings>({
    model: '',
    sandbox: 'read-only',
    approval: 'never',
  });
  const [artifacts, setArtifacts] = useState<InsightArtifact[]>([]);
  const [selectedInsight, setSelectedInsight] = useState<string | null>(null);

  const refresh = useCallback(() => {
    if (!sessionId) return;
    api.listInsights(sessionId).then(setArtifacts, () => setArtifacts([]));
  }, [api, sessionId]);

  useEffect(refresh, [refresh]);

  const onCreated = useCallback(
    (artifactId: string) => {
      setSelectedInsight(artifactId);
      refresh();
    },
    [refresh],
  );

  if (!sessionId) {
    return (
      <section className="panel actions-panel" aria-label="Actions">
        <p className="empty">Select a session to run insights and propose improvements.</p>
      </section>
    );
  }

  return (
    <section className="panel actions-panel" aria-label="Actions">
      {/* The panel's own heading: on a phone it is shown alone, without the transcript's. */}
      <h2 className="visually-hidden">Actions</h2>
      <p className="selected-session">
        Selected: <strong>{sessionTitle ?? sessionId}</strong>
      </p>
      <ModeChoice mode={mode} continuation={continuation} onChange={setMode} />
      <RunSettingsFields
        settings={settings}
        onChange={setSettings}
        writeAllowed={status?.write_sandbox_allowed === true}
        sessionModel={sessionModel}
      />
      <InsightsSection
        key={`insights-${sessionId}`}
        api={api}
        sessionId={sessionId}
        mode={mode}
        settings={settings}
        defaultPrompt={defaultPrompt}
        artifacts={artifacts}
        selected={selectedInsight}
        onSelect={setSelectedInsight}
        onCreated={onCreated}
        onSessionChanged={onSessionChanged}
        onOpenEntry={onOpenEntry}
      />
      <ProposalsSection
        key={`proposals-${sessionId}`}
        api={api}
        sessionId={sessionId}
        mode={mode}
        settings={settings}
        subtreeAgentsDefault={status?.defaults?.allow_subtree_agents === true}
        artifacts={artifacts}
        insightId={selectedInsight}
        onSessionChanged={onSessionChanged}
        version={proposalsVersion}
        onReview={onReview}
      />
    </section>
  );
}
