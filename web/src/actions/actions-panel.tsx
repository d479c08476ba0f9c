import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { RetroApi } from '../api/client.js';
import type { InsightArtifact, RunMode } from '../api/types.js';
import { InsightsSection } from './insights-section.js';
import { ModeChoice } from './mode-choice.js';
import { ProposalsSection } from './proposals-section.js';

interface ActionsPanelProps {
  api: RetroApi;
  sessionId: string | null;
  sessionTitle: string | null;
  defaultPrompt: string | null;
}

/** Right panel: what to run on the selected session, and what came of it. */
export function ActionsPanel({ api, sessionId, sessionTitle, defaultPrompt }: ActionsPanelProps): ReactNode {
  const [mode, setMode] = useState<RunMode>('fork');
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
      <ModeChoice mode={mode} onChange={setMode} />
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
      />
      <ProposalsSection
        key={`proposals-${sessionId}`}
        api={api}
        sessionId={sessionId}
        mode={mode}
        artifacts={artifacts}
        insightId={selectedInsight}
      />
    </section>
  );
}
