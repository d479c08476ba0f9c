import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { Continuation, InsightArtifact, RunMode } from '../api/types.js';
import { InsightsSection } from './insights-section.js';
import { effectiveMode, ModeChoice } from './mode-choice.js';
import { ProposalsSection } from './proposals-section.js';

interface ActionsPanelProps {
  api: RetroApi;
  sessionId: string | null;
  sessionTitle: string | null;
  /** What Codex can do with the session (from its transcript); null until it has loaded. */
  continuation: Continuation | null;
  defaultPrompt: string | null;
  /** A resumed run ended: the session's transcript has new turns. */
  onSessionChanged: () => void;
}

/** Right panel: what to run on the selected session, and what came of it. */
export function ActionsPanel({
  api,
  sessionId,
  sessionTitle,
  continuation,
  defaultPrompt,
  onSessionChanged,
}: ActionsPanelProps): ReactNode {
  const [chosen, setMode] = useState<RunMode | null>(null);
  const mode = effectiveMode(chosen, continuation);
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
      <p className="selected-session">
        Selected: <strong>{sessionTitle ?? sessionId}</strong>
      </p>
      <ModeChoice mode={mode} continuation={continuation} onChange={setMode} />
      <InsightsSection
        key={`insights-${sessionId}`}
        api={api}
        sessionId={sessionId}
        mode={mode}
        defaultPrompt={defaultPrompt}
        artifacts={artifacts}
        selected={selectedInsight}
        onSelect={setSelectedInsight}
        onCreated={onCreated}
        onSessionChanged={onSessionChanged}
      />
      <ProposalsSection
        key={`proposals-${sessionId}`}
        api={api}
        sessionId={sessionId}
        mode={mode}
        artifacts={artifacts}
        insightId={selectedInsight}
        onSessionChanged={onSessionChanged}
      />
    </section>
  );
}
