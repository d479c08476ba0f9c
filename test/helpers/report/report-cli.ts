import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli.js';
import type { Insights } from '../../../src/report/writer-contract.js';
import { buildSampleInsights } from './sample-insights.js';

export const FIXTURE_SESSIONS_0169 = fileURLToPath(
  new URL('../../fixtures/codex-sessions/0.169.0/sessions', import.meta.url),
);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `codex-retro …` in this process (the same `main` the bin calls) and captures its output. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  await mkdir(cwd, { recursive: true });
  const code = await main(args, { stdout, stderr, env, cwd });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** The evidence bundle embedded in an INSIGHT_PROMPT.md (the second JSON block). */
function extractEvidence(prompt: string): { sessions: { id: string }[] } | null {
  const block = prompt.split('```json\n')[2]?.split('\n```')[0];
  if (!block) return null;
  try {
    return JSON.parse(block) as { sessions: { id: string }[] };
  } catch {
    return null;
  }
}

/** A valid writer-contract answer citing the sessions of the evidence embedded in `prompt`. */
export function answerFor(prompt: string, overrides: Partial<Insights> = {}): Insights {
  const ids = extractEvidence(prompt)?.sessions.map((s) => s.id) ?? [];
  return buildSampleInsights(ids, overrides);
}

export function usageDirOf(codexHome: string): string {
  return join(codexHome, 'usage-data');
}
