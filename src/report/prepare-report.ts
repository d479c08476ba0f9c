import { join } from 'node:path';
import { computeMetrics } from '../analytics/index.js';
import type { UsageMetrics } from '../analytics/types.js';
import { RetroError } from '../errors.js';
import { readOwnThreads } from '../sessions/own-threads.js';
import { openSessionStore } from '../sessions/store.js';
import type { SessionDetail } from '../sessions/types.js';
import { buildEvidence, type InsightEvidence } from './evidence.js';
import { summarizeFacets } from './facets/facet-summary.js';
import type { FacetsResult } from './facets/write-facets.js';
import { measureGuidanceChanges } from './guidance-changes.js';
import { collectProjectGuidance } from './project-guidance.js';
import { type RecordedInstructions, readRecordedGuidance } from './recorded-guidance.js';
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

/** The window's sessions, read and measured: what the facets and the evidence are made from. */
export interface CollectedSessions {
  details: SessionDetail[];
  metrics: UsageMetrics;
  /** The AGENTS.md texts the sessions were given, read before the transcripts were cut short. */
  recorded: RecordedInstructions[];
  found: number;
  listIssues: number;
  excluded: { id: string; path: string; reason: string }[];
}

const SPARSE_SESSIONS = 3;

/** Keeps what the report reads of a transcript, after noting the AGENTS.md text it recorded. */
function keep(detail: SessionDetail, details: SessionDetail[], recorded: RecordedInstructions[]): void {
  recorded.push(...readRecordedGuidance(detail));
  details.push(slimSession(detail));
}

/**
 * Steps 1–2: the window's sessions (codex-retro's own runs left out) and their deterministic metrics. No
 * sessions is the first failed gate.
 */
export async function collectSessions(options: PrepareOptions): Promise<CollectedSessions> {
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
  const recorded: RecordedInstructions[] = [];
  const excluded: { id: string; path: string; reason: string }[] = [];
  let found: number;
  let listIssues: number;
  try {
    // Subagent sessions are read for their tokens and work; they are not counted as sessions.
    const listed = await store.list({ ...filter, includeSubagents: true });
    found = listed.sessions.filter((session) => !session.subagent).length;
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
      for await (const detail of store.listDetails({ ...filter, includeSubagents: true })) {
        if (wanted.delete(detail.id)) keep(detail, details, recorded);
      }
    } catch {
      // One rollout failed mid-stream (vanished, unreadable): read the rest one by one, keeping the reason.
    }
    for (const summary of listed.sessions) {
      if (!wanted.has(summary.id)) continue;
      try {
        const detail = await store.get(summary.id);
        if (detail) keep(detail, details, recorded);
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
  // Subagents (Codex working for a session) count in the metrics' tokens and subagent figures only; the
  // sessions the report reads, digests and asks facets of are the person's.
  const agents = details.filter((detail) => detail.metadata.subagent);
  const sessions = details.filter((detail) => !detail.metadata.subagent);
  const metrics = computeMetrics([...sessions, ...agents], {
    now: options.now,
    timeZone: options.timeZone,
    since: window.since,
    until: window.until,
    excluded,
    found,
  });
  return { details: sessions, metrics, recorded, found, listIssues, excluded };
}

/** The sessions the metrics analyzed (not left out as duplicates or outside the window). */
export function analyzedSessions(collected: CollectedSessions): SessionDetail[] {
  const left = new Set(collected.metrics.coverage.excluded.map((item) => `${item.id}\0${item.path}`));
  return collected.details.filter((detail) => !left.has(`${detail.id}\0${detail.metadata.path}`));
}

/** Step 3: telemetry, project guidance, facets and limitations bundled with the metrics as the evidence. */
export async function assembleEvidence(
  collected: CollectedSessions,
  facets: FacetsResult,
  options: PrepareOptions,
): Promise<InsightEvidence> {
  const { window } = options;
  const { details, excluded } = collected;
  const own = await readOwnThreads(options.stateDir);
  const telemetry = await loadTelemetry({
    dir: options.otelDir,
    since: window.since,
    until: window.until,
    ownThreadIds: new Set(own.threads.keys()),
  });
  const guidance = await collectProjectGuidance(
    details.map((d) => d.metadata.cwd),
    collected.recorded,
  );
  const guidanceChanges = await measureGuidanceChanges(details, options);
  const limitations: string[] = [];
  if (details.length < SPARSE_SESSIONS) {
    limitations.push(`Only ${details.length} session(s) in the window: patterns are tentative.`);
  }
  if (excluded.length > 0)
    limitations.push(`${excluded.length} session(s) could not be read and are left out.`);
  if (collected.listIssues > 0)
    limitations.push(
      `${collected.listIssues} rollout file(s) had parse problems; what could be read is used.`,
    );
  if (facets.missing.length > 0) {
    limitations.push(
      `${facets.missing.length} session(s) have no facets (goal, outcome, friction), so the narrative knows them from their numbers only: ${facets.missing[0]?.reason}.`,
    );
  }
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
    sessionsFound: collected.found,
    sessions: details,
    metrics: collected.metrics,
    facets: facets.facets,
    facetSummary: summarizeFacets(facets.facets, facets.missing),
    guidance,
    guidanceChanges,
    telemetry,
    limitations,
  });
}
