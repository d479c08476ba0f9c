import { readInsightArtifact } from '../../insights/artifacts.js';
import { checkEvidence } from '../../insights/evidence.js';
import { renderInsightsMarkdown } from '../../insights/render.js';
import { redactText } from '../../redact/index.js';
import type { WorkflowDeps } from '../deps.js';
import { listEntryRefs } from '../transcript-digest.js';

/**
 * One insights artifact with its evidence checked against the session's transcript as it reads now: an
 * artifact written before entries were checked (or edited since) may cite entries that do not exist, and
 * those citations are dropped here too, its markdown rendered again without them. `entries_checked` says
 * whether the transcript could be read at all.
 */
export async function readCheckedInsight(
  deps: Pick<WorkflowDeps, 'repoRoot'> & { sessions: Pick<WorkflowDeps['sessions'], 'get'> },
  artifactId: string,
) {
  const artifact = await readInsightArtifact(deps.repoRoot, artifactId);
  let detail: Awaited<ReturnType<WorkflowDeps['sessions']['get']>> = null;
  let checked = true;
  try {
    detail = await deps.sessions.get(artifact.session_id);
  } catch {
    checked = false;
  }
  if (detail === null) checked = false;
  const { answer, evidence } = checkEvidence(artifact.insights, detail ? listEntryRefs(detail) : null);
  const dropped = evidence.unknown_entries.length > 0;
  const markdown = dropped
    ? renderInsightsMarkdown(answer, {
        sessionId: artifact.session_id,
        title: detail ? redactText(detail.metadata.title) : null,
        createdAt: artifact.created_at,
        mode: artifact.mode,
      })
    : artifact.markdown;
  const unknown = new Set([...artifact.evidence.unknown_entries, ...evidence.unknown_entries]);
  return {
    ...artifact,
    insights: answer,
    markdown,
    evidence: { ...evidence, unknown_entries: [...unknown].sort((a, b) => a - b) },
    entries_checked: checked,
  };
}
