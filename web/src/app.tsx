import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { ActionsPanel } from './actions/actions-panel.js';
import type { RetroApi } from './api/client.js';
import type { SearchHit, ServerStatus } from './api/types.js';
import { ReviewView } from './review/review-view.js';
import { SessionsPanel } from './sessions/sessions-panel.js';
import { TranscriptPanel } from './transcript/transcript-panel.js';
import { useTranscript } from './transcript/use-transcript.js';
import { StatusBar } from './ui/status-bar.js';
import { ThemeToggle } from './ui/theme-toggle.js';
import { useRoute } from './ui/use-route.js';

type Tab = 'sessions' | 'transcript' | 'actions';
const TABS: { id: Tab; label: string }[] = [
  { id: 'sessions', label: 'Sessions' },
  { id: 'transcript', label: 'Transcript' },
  { id: 'actions', label: 'Actions' },
];

/**
 * Three panels side by side (on a narrow screen one at a time, switched by a tab bar); a proposal's review
 * takes the whole width instead, the panels kept as they were behind it.
 */
export function App({ api }: { api: RetroApi }): ReactNode {
  const [route, go] = useRoute();
  const selected = route.session;
  const [tab, setTab] = useState<Tab>(selected ? 'transcript' : 'sessions');
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [statusError, setStatusError] = useState<unknown>(null);
  const [defaultPrompt, setDefaultPrompt] = useState<string | null>(null);
  /** Bumped when a resumed run ends: the open transcript is read again. */
  const [revision, setRevision] = useState(0);
  const transcript = useTranscript(api, selected, revision);
  const reloadTranscript = useCallback(() => setRevision((n) => n + 1), []);
  const [entryRequest, setEntryRequest] = useState(0);
  const [actionsVersion, setActionsVersion] = useState(0);

  useEffect(() => {
    api.getStatus().then(setStatus, setStatusError);
    api.getDefaultInsightPrompt().then(setDefaultPrompt, () => setDefaultPrompt(''));
  }, [api]);

  useEffect(() => {
    document.title = transcript.metadata ? `${transcript.metadata.title} — codex-retro` : 'codex-retro';
  }, [transcript.metadata]);

  /** Words a search hit matched, marked in its entry once the transcript opens there. */
  const [hitTerms, setHitTerms] = useState<string[]>([]);
  const open = useCallback(
    (id: string, hit?: SearchHit) => {
      go({ session: id, proposal: null, entry: hit?.line ?? null });
      setHitTerms(hit?.terms ?? []);
      if (hit) setEntryRequest((n) => n + 1);
      setTab('transcript');
    },
    [go],
  );
  const openEntry = useCallback(
    (line: number) => {
      if (!selected) return;
      go({ session: selected, proposal: null, entry: line });
      setHitTerms([]);
      setEntryRequest((n) => n + 1);
      setTab('transcript');
    },
    [go, selected],
  );
  const review = useCallback(
    (proposalId: string) => {
      if (selected) go({ session: selected, proposal: proposalId, entry: null });
    },
    [go, selected],
  );
  const closeReview = useCallback(() => {
    if (selected) go({ session: selected, proposal: null, entry: null });
    setTab('actions');
  }, [go, selected]);
  const revealSessions = useCallback(() => setTab('sessions'), []);
  const panelClass = useMemo(() => (id: Tab) => (tab === id ? 'active' : ''), [tab]);
  const reviewing = selected !== null && route.proposal !== null;

  return (
    <div className="app" data-tab={tab} data-view={reviewing ? 'review' : 'panels'}>
      <header className="topbar">
        <h1>codex-retro</h1>
        <StatusBar status={status} error={statusError} />
        <ThemeToggle />
      </header>
      {reviewing ? (
        <main className="review-page">
          <ReviewView
            key={route.proposal}
            api={api}
            sessionId={selected}
            proposalId={route.proposal as string}
            onBack={closeReview}
            onChanged={() => setActionsVersion((n) => n + 1)}
          />
        </main>
      ) : null}
      <nav className="tabbar" aria-label="Panels" hidden={reviewing}>
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
      <main className="panels" hidden={reviewing}>
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
            api={api}
            transcript={transcript}
            sessionId={selected}
            onOpen={open}
            targetLine={route.entry}
            targetRequest={entryRequest}
            targetTerms={hitTerms}
          />
        </div>
        <div className={`slot slot-actions ${panelClass('actions')}`}>
          <ActionsPanel
            key={selected ?? 'none'}
            api={api}
            status={status}
            sessionId={selected}
            sessionTitle={transcript.metadata?.title ?? null}
            continuation={transcript.continuation}
            sessionModel={transcript.metadata?.model || null}
            defaultPrompt={defaultPrompt}
            onSessionChanged={reloadTranscript}
            proposalsVersion={actionsVersion}
            onReview={review}
            onOpenEntry={openEntry}
          />
        </div>
      </main>
    </div>
  );
}
