import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ActionsPanel } from './actions/actions-panel.js';
import type { RetroApi } from './api/client.js';
import type { ServerStatus } from './api/types.js';
import { SessionsPanel } from './sessions/sessions-panel.js';
import { TranscriptPanel } from './transcript/transcript-panel.js';
import { useTranscript } from './transcript/use-transcript.js';
import { StatusBar } from './ui/status-bar.js';
import { ThemeToggle } from './ui/theme-toggle.js';
import { useSelectedSession } from './ui/use-route.js';

type Tab = 'sessions' | 'transcript' | 'actions';
const TABS: { id: Tab; label: string }[] = [
  { id: 'sessions', label: 'Sessions' },
  { id: 'transcript', label: 'Transcript' },
  { id: 'actions', label: 'Actions' },
];

/** Three panels side by side; on a narrow screen one at a time, switched by a tab bar. */
export function App({ api }: { api: RetroApi }): ReactNode {
  const [selected, select] = useSelectedSession();
  const [tab, setTab] = useState<Tab>(selected ? 'transcript' : 'sessions');
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [statusError, setStatusError] = useState<unknown>(null);
  const [defaultPrompt, setDefaultPrompt] = useState<string | null>(null);
  /** Bumped when a resumed run ends: the open transcript is read again. */
  const [revision, setRevision] = useState(0);
  const transcript = useTranscript(api, selected, revision);
  const reloadTranscript = useCallback(() => setRevision((n) => n + 1), []);

  useEffect(() => {
    api.getStatus().then(setStatus, setStatusError);
    api.getDefaultInsightPrompt().then(setDefaultPrompt, () => setDefaultPrompt(''));
  }, [api]);

  useEffect(() => {
    document.title = transcript.metadata ? `${transcript.metadata.title} — codex-retro` : 'codex-retro';
  }, [transcript.metadata]);

  const open = useCallback(
    (id: string) => {
      select(id);
      setTab('transcript');
    },
    [select],
  );
  const revealSessions = useCallback(() => setTab('sessions'), []);
  const panelClass = useMemo(() => (id: Tab) => (tab === id ? 'active' : ''), [tab]);

  return (
    <div className="app" data-tab={tab}>
      <header className="topbar">
        <h1>codex-retro</h1>
        <StatusBar status={status} error={statusError} />
        <ThemeToggle />
      </header>
      <nav className="tabbar" aria-label="Panels">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            className={tab === t.id ? 'on' : ''}
            aria-pressed={tab === t.id}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <main className="panels">
        <div className={`slot slot-sessions ${panelClass('sessions')}`}>
          <SessionsPanel
            api={api}
            selected={selected}
            onOpen={open}
            onReveal={revealSessions}
            selectedSummary={transcript.metadata}
            status={status}
          />
        </div>
        <div className={`slot slot-transcript ${panelClass('transcript')}`}>
          <TranscriptPanel
            key={`${selected ?? 'none'}#${revision}`}
            transcript={transcript}
            sessionId={selected}
            onOpen={open}
          />
        </div>
        <div className={`slot slot-actions ${panelClass('actions')}`}>
          <ActionsPanel
            key={selected ?? 'none'}
            api={api}
            sessionId={selected}
            sessionTitle={transcript.metadata?.title ?? null}
            continuation={transcript.continuation}
            defaultPrompt={defaultPrompt}
            onSessionChanged={reloadTranscript}
          />
        </div>
      </main>
    </div>
  );
}
