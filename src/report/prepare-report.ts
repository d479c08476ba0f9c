import { join } from 'node:path';
import { computeMetrics } from '../analytics/index.js';
import { RetroError } from '../errors.js';
import { readOwnThreads } from '../sessions/own-threads.js';
import { openSessionStore } from '../sessions/store.js';
import type { SessionDetail } from '../sessions/types.js';
import { buildEvidence, type InsightEvidence } from './evidence.js';
import { collectProjectGuidance } from './project-guidance.js';
import { slimSession } from './slim-session.js';
import { loadTelemetry } from './telemetry.js';
import type { ReportWindow } from './window.js';

export interface PrepareOptions {
  codexHome: string;
  cacheDir: string;
  stateDir: string;
  window: ReportWindow;
  project?: string;
  otelDir: string;
  userName: string;
  now: Date;
  timeZone: string;
}

const SPARSE_SESSIONS = 3;

/**
 * Steps 1–3: the window's sessions (codex-retro's own runs left out), deterministic metrics,
 * telemetry and project guidance, bundled as the evidence. No sessions is the first failed gate.
 */
export async function prepareEvidence(options: PrepareOptions): Promise<InsightEvidence> {
  const { window } = options;
  const filter = {
    since: window.since,
    until: window.until,
    ...(options.project ? { project: options.project } : {}),
  };
  const store = await openSessionStore({
    codexHome: options.codexHome,
    cacheDir: options.cacheDir,
    stateDir: options.stateDir,
  });
  const details: SessionDetail[] = [];
  const excluded: { id: string; path: string; reason: string }[] = [];
  let found: number;
  let listIssues: number;
  try {
    const listed = await store.list(filter);
    found = listed.sessions.length;
    listIssues = listed.issues.length;
    if (found === 0) {
      const where = join(options.codexHome, 'sessions');
      throw new RetroError(
        'no_sessions',
        `No session data found in ${where}/ between ${window.since.toISOString()} and ${window.until.toISOString()}${options.project ? ` for ${options.project}` : ''}. Run Codex for a few sessions first, then regenerate the report.`,
        { status: 404 },
      );
    }
    const wanted = new Set(listed.sessions.map((s) => s.id));
    try {
      for await (const detail of store.listDetails(filter)) {
        if (wanted.delete(detail.id)) details.push(slimSession(detail));
      }
    } catch {
      // One rollout failed mid-stream (vanished, unreadable): read the rest one by one, keeping the reason.
    }
    for (const summary of listed.sessions) {
      if (!wanted.has(summary.id)) continue;
      try {
        const detail = await store.get(summary.id);
        if (detail) details.push(slimSession(detail));
        else
          excluded.push({ id: summary.id, path: summary.path, reason: 'vanished before it could be read' });
      } catch (error) {
        excluded.push({
          id: summary.id,
          path: summary.path,
          reason: `could not be read: ${(error as Error).message}`,
        });
      }
    }
  } finally {
    store.close();
  }

  const own = await readOwnThreads(options.stateDir);
  const metrics = computeMetrics(details, {
    now: options.now,
    timeZone: options.timeZone,
    since: window.since,
    until: window.until,
    excluded,
    found,
  });
  const telemetry = await loadTelemetry({
    dir: options.otelDir,
    since: window.since,
    until: window.until,
    ownThreadIds: new Set(own.threads.keys()),
  });
  const guidance = await collectProjectGuidance(details.map((d) => d.metadata.cwd));
  const limitations: string[] = [];
  if (details.length < SPARSE_SESSIONS) {
    limitations.push(`Only ${details.length} session(s) in the window: patterns are tentative.`);
  }
  if (excluded.length > 0)
    limitations.push(`${excluded.length} session(s) could not be read and are left out.`);
  if (listIssues > 0)
    limitations.push(`${listIssues} rollout file(s) had parse problems; what could be read is used.`);
  limitations.push(...telemetry.limitations);
  return buildEvidence({
    generatedAt: options.now,
    userName: options.userName,
    window: {
      since: window.since.toISOString(),
      until: window.until.toISOString(),
      days: window.days,
      time_zone: options.timeZone,
    },
    sessionsFound: found,
    sessions: details,
    metrics,
    guidance,
    telemetry,
    limitations,
  });
}
