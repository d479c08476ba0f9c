import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ID_PATTERNS } from '../ids.js';

/** The four files of a report, named exactly as the insight-report skill names them. */
export const REPORT_FILE_NAMES = {
  evidence: 'insight-evidence.json',
  prompt: 'INSIGHT_PROMPT.md',
  insights: 'insights.generated.json',
  html: 'report.html',
  /** Codex's answer when it failed validation, kept for inspection. */
  rejected: 'insights.rejected.json',
} as const;

export type ReportFiles = { [K in keyof typeof REPORT_FILE_NAMES]: string };

/** `${INSIGHT_REPORT_USAGE_DIR:-$CODEX_HOME/usage-data}`. */
export function resolveUsageDir(env: NodeJS.ProcessEnv, codexHome: string): string {
  const override = env.INSIGHT_REPORT_USAGE_DIR;
  return override ? resolve(override) : join(codexHome, 'usage-data');
}

/** Whether the usage dir was chosen by INSIGHT_REPORT_USAGE_DIR, so an error can name what to change. */
export function usageDirSource(env: NodeJS.ProcessEnv): 'env' | 'default' {
  return env.INSIGHT_REPORT_USAGE_DIR ? 'env' : 'default';
}

export function reportFilesIn(dir: string): ReportFiles {
  return {
    evidence: join(dir, REPORT_FILE_NAMES.evidence),
    prompt: join(dir, REPORT_FILE_NAMES.prompt),
    insights: join(dir, REPORT_FILE_NAMES.insights),
    html: join(dir, REPORT_FILE_NAMES.html),
    rejected: join(dir, REPORT_FILE_NAMES.rejected),
  };
}

/** Where every run keeps its own copy: `usage-data/reports/<timestamp>/`. */
function reportsArchiveDir(usageDir: string): string {
  return join(usageDir, 'reports');
}

/** Creates `reports/<timestamp>/` for this run; a clash (same millisecond) gets a suffix, never overwrites. */
export async function createRunDir(usageDir: string, timestamp: string): Promise<string> {
  const base = reportsArchiveDir(usageDir);
  await mkdir(base, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const dir = join(base, attempt === 0 ? timestamp : `${timestamp}-${attempt}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Earlier runs' folders, newest first. */
export async function listRunDirs(usageDir: string): Promise<string[]> {
  const base = reportsArchiveDir(usageDir);
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return [];
  }
  return names
    .filter((name) => ID_PATTERNS.timestamp.test(name.replace(/-\d+$/, '')))
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
    .map((name) => join(base, name));
}
