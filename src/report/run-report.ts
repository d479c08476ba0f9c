import { rm } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { compactTimestamp } from '../ids.js';
import { redactDeep } from '../redact/index.js';
import type { InsightEvidence } from './evidence.js';
import { generateInsights } from './generate-insights.js';
import { compareReports, findPreviousEvidence } from './history.js';
import { renderReportHtml } from './html/page.js';
import { loadEvidence, loadInsights } from './load-report-files.js';
import { createRunDir, type ReportFiles, reportFilesIn } from './paths.js';
import { prepareEvidence } from './prepare-report.js';
import { buildInsightPrompt } from './prompt.js';
import type { ReportWindow } from './window.js';
import { archiveFile, writeReportFile } from './write-files.js';
import type { Insights } from './writer-contract.js';

export interface RunReportOptions {
  mode: 'full' | 'prepare-only' | 'render-only';
  usageDir: string;
  codexHome: string;
  codexBin: string;
  cacheDir: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  window: ReportWindow;
  project?: string;
  otelDir: string;
  userName: string;
  model?: string;
  now: Date;
  timeZone: string;
  /** Progress lines for stderr. */
  log: (line: string) => void;
}

export interface RunReportResult {
  files: ReportFiles;
  runDir: string;
  /** Set once `report.html` exists. */
  reportUrl: string | null;
}

/** Step 7: `report.html` from the evidence and the validated insights, compared with the previous run. */
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
  const page = renderReportHtml({ evidence, insights: redactDeep(insights), changes });
  await writeReportFile(files.html, runDir, page);
  return pathToFileURL(files.html).href;
}

/**
 * The eight steps of the insight report, stopping at the first failed gate: sessions → metrics →
 * `insight-evidence.json` → `INSIGHT_PROMPT.md` → `codex exec` → `insights.generated.json` → `report.html`.
 * (Opening the browser, step 8, is the command's.) Every run keeps its own copy under `reports/<timestamp>/`.
 */
export async function runReport(options: RunReportOptions): Promise<RunReportResult> {
  const files = reportFilesIn(options.usageDir);
  if (options.mode === 'render-only') {
    const evidence = await loadEvidence(files);
    const insights = await loadInsights(files, evidence);
    const runDir = await createRunDir(options.usageDir, compactTimestamp(options.now));
    await archiveFile(files.evidence, runDir);
    await archiveFile(files.insights, runDir);
    await archiveFile(files.prompt, runDir).catch(() => {});
    const reportUrl = await renderAndSave(evidence, insights, options, files, runDir);
    return { files, runDir, reportUrl };
  }

  options.log(
    `Reading sessions from ${options.window.since.toISOString()} to ${options.window.until.toISOString()}…`,
  );
  const evidence = await prepareEvidence(options);
  const runDir = await createRunDir(options.usageDir, compactTimestamp(options.now));
  const prompt = buildInsightPrompt(evidence);
  await writeReportFile(files.evidence, runDir, `${JSON.stringify(evidence, null, 2)}\n`);
  await writeReportFile(files.prompt, runDir, prompt);
  // The latest answer and page belonged to the previous evidence; their copies stay in that run's folder.
  await rm(files.insights, { force: true });
  await rm(files.html, { force: true });
  await rm(files.rejected, { force: true });
  options.log(
    `Wrote ${files.evidence} and ${files.prompt} (${evidence.coverage.sessions_analyzed} sessions).`,
  );
  if (options.mode === 'prepare-only') return { files, runDir, reportUrl: null };

  options.log('Asking Codex to write the insights (codex exec --sandbox read-only)…');
  const insights = await generateInsights({
    evidence,
    prompt,
    files,
    runDir,
    codexHome: options.codexHome,
    codexBin: options.codexBin,
    stateDir: options.stateDir,
    env: options.env,
    ...(options.model ? { model: options.model } : {}),
  });
  await writeReportFile(files.insights, runDir, `${JSON.stringify(insights, null, 2)}\n`);
  const reportUrl = await renderAndSave(evidence, insights, options, files, runDir);
  return { files, runDir, reportUrl };
}
