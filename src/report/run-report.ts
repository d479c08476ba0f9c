import { rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRetroError, RetroError } from '../errors.js';
import { compactTimestamp } from '../ids.js';
import { redactDeep } from '../redact/index.js';
import { type InsightEvidence, MAX_SUMMARIZED_SESSIONS, rankByActivity } from './evidence.js';
import { writeSessionFacets } from './facets/write-facets.js';
import { addNextSteps, generateInsights } from './generate-insights.js';
import { splitRepeatedAdditions } from './guidance-repeats.js';
import { compareReports, findPreviousEvidence } from './history.js';
import { renderReportHtml } from './html/page.js';
import { loadEvidence, loadInsights } from './load-report-files.js';
import { createRunDir, type ReportFiles, reportFilesIn } from './paths.js';
import {
  analyzedSessions,
  assembleEvidence,
  collectSessions,
  type PrepareOptions,
} from './prepare-report.js';
import { buildInsightPrompt } from './prompt.js';
import type { ReportCodexOptions } from './report-codex.js';
import { ensureSubfolder, prepareUsageDir, type UsageDirSource } from './usage-dir.js';
import { archiveFile, writeReportFile } from './write-files.js';
import type { Insights } from './writer-contract.js';

export interface RunReportOptions extends PrepareOptions {
  mode: 'full' | 'prepare-only' | 'render-only';
  usageDir: string;
  /** Whether the usage dir came from INSIGHT_REPORT_USAGE_DIR, so an error can name it. */
  usageDirSource: UsageDirSource;
  codexBin: string;
  env: NodeJS.ProcessEnv;
  model?: string;
  /** Aborted on Ctrl-C: every Codex process the report started is stopped, and the report with it. */
  signal?: AbortSignal;
  /** Progress lines for stderr. */
  log: (line: string) => void;
}

export interface RunReportResult {
  files: ReportFiles;
  runDir: string;
  /** Set once `report.html` exists. */
  reportUrl: string | null;
}

function cancelled(cause?: unknown): RetroError {
  return new RetroError(
    'report_cancelled',
    'The report was stopped, and every Codex process it started with it; the previous report.html is unchanged.',
    { status: 409, ...(cause === undefined ? {} : { cause }) },
  );
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

function codexOptions(options: RunReportOptions): ReportCodexOptions {
  return {
    codexHome: options.codexHome,
    codexBin: options.codexBin,
    stateDir: options.stateDir,
    env: options.env,
    ...(options.model ? { model: options.model } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * Step 7: `report.html` from the evidence and the validated insights, compared with the previous run. Written in
 * the run's folder first and then swapped in whole, so the REPORT_URL printed last time never shows half a page.
 */
async function renderAndSave(
  evidence: InsightEvidence,
  insights: Insights,
  options: RunReportOptions,
  files: ReportFiles,
  runDir: string,
): Promise<string> {
  const previous = await findPreviousEvidence(options.usageDir, evidence.generated_at);
  const changes = previous ? compareReports(previous, evidence) : null;
  // Codex only saw redacted evidence, but an answer written by hand after --prepare-only may hold anything.
  const safe = redactDeep(insights);
  const { repeated } = splitRepeatedAdditions(
    safe.suggestions.agents_md_additions,
    evidence.project_guidance,
  );
  if (repeated.length > 0) {
    options.log(
      `Left out ${repeated.length} AGENTS.md suggestion(s) that AGENTS.md already makes; the page lists them.`,
    );
  }
  const page = renderReportHtml({
    evidence,
    insights: safe,
    changes,
    runFolder: relative(options.usageDir, runDir),
  });
  await writeReportFile(files.html, runDir, page);
  return pathToFileURL(files.html).href;
}

async function renderOnly(options: RunReportOptions, files: ReportFiles): Promise<RunReportResult> {
  const evidence = await loadEvidence(files);
  const insights = await loadInsights(files, evidence);
  const runDir = await createRunDir(options.usageDir, compactTimestamp(options.now));
  await archiveFile(files.evidence, runDir);
  await archiveFile(files.insights, runDir);
  await archiveFile(files.prompt, runDir).catch(() => {});
  const reportUrl = await renderAndSave(evidence, insights, options, files, runDir);
  return { files, runDir, reportUrl };
}

/**
 * The steps of the insight report, stopping at the first failed gate: sessions → metrics → facets →
 * `insight-evidence.json` → `INSIGHT_PROMPT.md` → `codex exec` → `insights.generated.json` → `report.html`.
 * (Opening the browser is the command's.) Every run keeps its own copy under `reports/<timestamp>/`; the latest
 * `report.html` is replaced only by a complete new one.
 */
export async function runReport(options: RunReportOptions): Promise<RunReportResult> {
  await prepareUsageDir(options.usageDir, options.usageDirSource);
  const files = reportFilesIn(options.usageDir);
  if (options.mode === 'render-only') return renderOnly(options, files);

  options.log(
    `Reading sessions from ${options.window.since.toISOString()} to ${options.window.until.toISOString()}…`,
  );
  const collected = await collectSessions(options);
  throwIfCancelled(options.signal);
  const runDir = await createRunDir(options.usageDir, compactTimestamp(options.now));
  const ranked = rankByActivity(analyzedSessions(collected));
  const facets = await writeSessionFacets({
    sessions: ranked.slice(0, MAX_SUMMARIZED_SESSIONS),
    facetsDir: await ensureSubfolder(options.usageDir, 'facets'),
    cwd: runDir,
    codex: codexOptions(options),
    allowCodex: options.mode === 'full',
    log: options.log,
    now: () => new Date(),
  });
  for (const session of ranked.slice(MAX_SUMMARIZED_SESSIONS)) {
    facets.missing.push({
      id: session.id,
      reason: `only the ${MAX_SUMMARIZED_SESSIONS} busiest sessions are summarized and get facets`,
    });
  }
  if (facets.failure?.code === 'codex_cancelled' || options.signal?.aborted) throw cancelled(facets.failure);

  const evidence = await assembleEvidence(collected, facets, options);
  const prompt = buildInsightPrompt(evidence);
  await writeReportFile(files.evidence, runDir, `${JSON.stringify(evidence, null, 2)}\n`);
  await writeReportFile(files.prompt, runDir, prompt);
  // The latest answer belonged to the previous evidence (its copy stays in that run's folder); report.html stays
  // until a new one replaces it.
  await rm(files.insights, { force: true });
  await rm(files.rejected, { force: true });
  options.log(
    `Wrote ${files.evidence} and ${files.prompt} (${evidence.coverage.sessions_analyzed} sessions, ${evidence.facet_summary.sessions_with_facets} with facets).`,
  );
  if (facets.failure) throw addNextSteps(facets.failure, files, 'Codex could not write the session facets: ');
  if (options.mode === 'prepare-only') return { files, runDir, reportUrl: null };

  throwIfCancelled(options.signal);
  options.log('Asking Codex to write the insights (codex exec --sandbox read-only)…');
  let insights: Insights;
  try {
    insights = await generateInsights({ evidence, prompt, files, runDir, codex: codexOptions(options) });
  } catch (error) {
    if (isRetroError(error) && error.code === 'codex_cancelled') throw cancelled(error);
    throw error;
  }
  await writeReportFile(files.insights, runDir, `${JSON.stringify(insights, null, 2)}\n`);
  const reportUrl = await renderAndSave(evidence, insights, options, files, runDir);
  return { files, runDir, reportUrl };
}
