import type { UsageMetrics } from '../analytics/types.js';
import { redactDeep } from '../redact/index.js';
import type { SessionDetail } from '../sessions/types.js';
import { collectExamples, type EvidenceExamples } from './evidence-examples.js';
import { digestSession, type SessionDigest } from './evidence-sessions.js';
import type { SessionFacets } from './facets/facet-contract.js';
import type { FacetSummary } from './facets/facet-summary.js';
import type { ReportGuidance } from './guidance-changes.js';
import { computeHeadline, type Headline } from './headline.js';
import type { ProjectGuidance } from './project-guidance.js';
import type { TelemetrySummary } from './telemetry.js';

/** `insight-evidence.json`: everything the writer may use, redacted and bounded. */
export interface InsightEvidence {
  /** 2: facets, thin_evidence, recorded AGENTS.md, lines and files in the headline. */
  schema_version: 2;
  generated_at: string;
  user_name: string;
  window: { since: string; until: string; days: number; time_zone: string };
  coverage: EvidenceCoverage;
  headline: Headline;
  metrics: UsageMetrics;
  /** The facets of every session that has them, counted; each session's own are on its digest. */
  facet_summary: FacetSummary;
  sessions: SessionDigest[];
  examples: EvidenceExamples;
  project_guidance: ProjectGuidance[];
  /**
   * Changes to AGENTS.md and the skills made in the window, each with its sessions before and after: computed
   * here, never written by Codex. Missing in bundles written before it existed.
   */
  guidance_changes?: ReportGuidance;
  telemetry: TelemetrySummary;
  limitations: string[];
  bounds: { max_bytes: number; bytes: number; level: number; trimmed: string[] };
}

interface EvidenceCoverage {
  sessions_found: number;
  sessions_analyzed: number;
  sessions_summarized: number;
  files_with_parse_issues: number;
  parse_issue_counts: Record<string, number>;
  /**
   * Too little to go on (fewer than 3 sessions, or fewer than 3 messages the person typed): the copyable
   * prompts and AGENTS.md additions may then be left empty, if the report says why.
   */
  thin_evidence: boolean;
}

const DEFAULT_MAX_EVIDENCE_BYTES = 400 * 1024;

/** The most sessions a bundle summarizes (and so the most that get facets). */
export const MAX_SUMMARIZED_SESSIONS = 200;

/** Each level keeps less; the first one that fits the byte cap wins. */
const LEVELS = [
  { sessions: MAX_SUMMARIZED_SESSIONS, prompts: 3, promptChars: 300, examples: 25, guidanceChars: 8000 },
  { sessions: 120, prompts: 2, promptChars: 200, examples: 15, guidanceChars: 5000 },
  { sessions: 60, prompts: 1, promptChars: 160, examples: 10, guidanceChars: 3000 },
  { sessions: 30, prompts: 1, promptChars: 120, examples: 6, guidanceChars: 1500 },
  { sessions: 10, prompts: 1, promptChars: 80, examples: 3, guidanceChars: 400 },
] as const;

export interface BuildEvidenceInput {
  generatedAt: Date;
  userName: string;
  window: InsightEvidence['window'];
  sessionsFound: number;
  sessions: SessionDetail[];
  metrics: UsageMetrics;
  facets: Map<string, SessionFacets>;
  facetSummary: FacetSummary;
  guidance: ProjectGuidance[];
  guidanceChanges?: ReportGuidance;
  telemetry: TelemetrySummary;
  limitations: string[];
  maxBytes?: number;
}

function activity(session: SessionDetail): number {
  return session.metadata.user_messages * 3 + session.metadata.tool_calls + session.metadata.tool_errors * 2;
}

/** Busiest first: the order in which sessions are summarized for the writer, and get facets. */
export function rankByActivity(sessions: SessionDetail[]): SessionDetail[] {
  return [...sessions].sort((a, b) => activity(b) - activity(a) || a.id.localeCompare(b.id));
}

function cutGuidance(guidance: ProjectGuidance[], chars: number): ProjectGuidance[] {
  const cut = <T extends { text: string; truncated: boolean }>(file: T): T =>
    file.text.length <= chars ? file : { ...file, text: file.text.slice(0, chars), truncated: true };
  return guidance.map((project) => ({
    ...project,
    agents_md: project.agents_md ? cut(project.agents_md) : null,
    recorded_agents_md: project.recorded_agents_md ? cut(project.recorded_agents_md) : null,
    skills: project.skills.map((skill) => cut({ ...skill, text: skill.text.slice(0, Math.ceil(chars / 3)) })),
  }));
}

function countParseIssues(
  sessions: SessionDetail[],
): Pick<EvidenceCoverage, 'files_with_parse_issues' | 'parse_issue_counts'> {
  const counts: Record<string, number> = {};
  let files = 0;
  for (const session of sessions) {
    const entries = Object.entries(session.metadata.parse_issues.counts);
    if (entries.length > 0) files += 1;
    for (const [kind, n] of entries) counts[kind] = (counts[kind] ?? 0) + (n ?? 0);
  }
  return { files_with_parse_issues: files, parse_issue_counts: counts };
}

const THIN_SESSIONS = 3;
const THIN_MESSAGES = 3;

function isThin(sessions: SessionDetail[]): boolean {
  const typed = sessions.reduce((sum, session) => sum + session.metadata.user_messages, 0);
  return sessions.length < THIN_SESSIONS || typed < THIN_MESSAGES;
}

/**
 * Builds the bundle at the richest level that fits `maxBytes` once redacted. Sessions are summarized
 * busiest first (the rest still count in the metrics), and whatever was cut is said in `bounds.trimmed`
 * and `limitations`.
 */
export function buildEvidence(input: BuildEvidenceInput): InsightEvidence {
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_EVIDENCE_BYTES;
  const ranked = rankByActivity(input.sessions);
  let evidence: InsightEvidence | undefined;
  for (const [index, level] of LEVELS.entries()) {
    const kept = ranked.slice(0, level.sessions);
    const trimmed: string[] = [];
    if (kept.length < ranked.length) {
      trimmed.push(
        `${kept.length} of ${ranked.length} sessions summarized (the busiest); all count in the metrics.`,
      );
    }
    if (index > 0)
      trimmed.push(`Prompts cut to ${level.promptChars} characters, ${level.examples} examples per kind.`);
    const digests = kept
      .map((session) => digestSession(session, level, input.facets.get(session.id) ?? null))
      .sort((a, b) => (a.started_at ?? '').localeCompare(b.started_at ?? '') || a.id.localeCompare(b.id));
    const candidate: InsightEvidence = redactDeep({
      schema_version: 2,
      generated_at: input.generatedAt.toISOString(),
      user_name: input.userName,
      window: input.window,
      coverage: {
        sessions_found: input.sessionsFound,
        sessions_analyzed: input.sessions.length,
        sessions_summarized: digests.length,
        ...countParseIssues(input.sessions),
        thin_evidence: isThin(input.sessions),
      },
      headline: computeHeadline(input.metrics, input.sessions),
      metrics: input.metrics,
      facet_summary: input.facetSummary,
      sessions: digests,
      // From the summarized sessions only, so every example's session is one a claim may cite.
      examples: collectExamples(kept, level.examples),
      project_guidance: cutGuidance(input.guidance, level.guidanceChars),
      guidance_changes: input.guidanceChanges ?? { changes: [], problems: [] },
      telemetry: input.telemetry,
      limitations: [...input.limitations, ...trimmed],
      bounds: { max_bytes: maxBytes, bytes: 0, level: index, trimmed },
    });
    candidate.bounds.bytes = Buffer.byteLength(JSON.stringify(candidate, null, 2));
    evidence = candidate;
    if (candidate.bounds.bytes <= maxBytes) return candidate;
  }
  // Even the leanest level is over the cap (huge metrics): keep it, and say so.
  const leanest = evidence as InsightEvidence;
  leanest.limitations.push(`Evidence is ${leanest.bounds.bytes} bytes, over the ${maxBytes}-byte cap.`);
  return leanest;
}
