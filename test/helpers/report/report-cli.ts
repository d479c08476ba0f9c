import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli.js';
import { FACET_PROMPT_TITLE } from '../../../src/report/facets/facet-prompt.js';
import { INSIGHT_PROMPT_TITLE } from '../../../src/report/prompt.js';
import type { Insights } from '../../../src/report/writer-contract.js';
import type { ModelReply, ModelRequest } from '../model-server.js';
import { answerFacetPrompt } from './facet-answers.js';
import { readEvidenceFromPrompt, writeGroundedInsights } from './narrative-answers.js';

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

/** A grounded writer-contract answer to the evidence embedded in `prompt` (see narrative-answers.ts). */
export function answerFor(prompt: string, overrides: Partial<Insights> = {}): Insights {
  const evidence = readEvidenceFromPrompt(prompt);
  if (!evidence) throw new Error('the prompt holds no evidence bundle');
  return writeGroundedInsights(evidence, overrides);
}

/**
 * The report prompt a request answers: its own, or, for the repair attempt (a resume of the same thread),
 * the first one in its history.
 */
export function reportPromptOf(request: ModelRequest): string {
  const input: { type?: string; role?: string; content?: { text?: string }[] }[] = Array.isArray(
    request.body?.input,
  )
    ? request.body.input
    : [];
  for (const item of input) {
    if (item.type !== 'message' || item.role !== 'user' || !Array.isArray(item.content)) continue;
    const text = item.content.map((part) => part.text ?? '').join('');
    if (text.startsWith(FACET_PROMPT_TITLE) || text.startsWith(INSIGHT_PROMPT_TITLE)) return text;
  }
  return request.userText;
}

export function isFacetRequest(request: ModelRequest): boolean {
  return reportPromptOf(request).startsWith(FACET_PROMPT_TITLE);
}

export function isNarrativeRequest(request: ModelRequest): boolean {
  return reportPromptOf(request).startsWith(INSIGHT_PROMPT_TITLE);
}

/** The repair attempt: the runner resumed the thread with the reasons the first answer was refused. */
export function isRepairRequest(request: ModelRequest): boolean {
  return request.userText.startsWith('Your previous answer could not be used.');
}

/** How the test model server answers a report: facets from each digest, the narrative from the evidence. */
export function answerReportRequest(request: ModelRequest): ModelReply {
  const prompt = reportPromptOf(request);
  if (prompt.startsWith(FACET_PROMPT_TITLE)) return { kind: 'json', value: answerFacetPrompt(prompt) };
  if (prompt.startsWith(INSIGHT_PROMPT_TITLE)) return { kind: 'json', value: answerFor(prompt) };
  return { kind: 'message', text: 'plain' };
}

export function usageDirOf(codexHome: string): string {
  return join(codexHome, 'usage-data');
}

/**
 * A report written without Codex, as a person does by hand: `report --prepare-only` over `window`, the narrative
 * `answer` gives for the prompt it wrote, then `report --render-only`. Returns the usage folder.
 */
export async function reportByHand(
  window: string[],
  env: NodeJS.ProcessEnv & { CODEX_HOME: string },
  cwd: string,
  answer: (prompt: string) => Insights = (prompt) => answerFor(prompt),
): Promise<string> {
  const prepared = await runCli(['report', ...window, '--no-open', '--prepare-only'], env, cwd);
  if (prepared.code !== 0) throw new Error(`report --prepare-only failed: ${prepared.stderr}`);
  const usage = usageDirOf(env.CODEX_HOME);
  const prompt = await readFile(join(usage, 'INSIGHT_PROMPT.md'), 'utf8');
  await writeFile(join(usage, 'insights.generated.json'), JSON.stringify(answer(prompt)));
  const rendered = await runCli(['report', '--render-only', '--no-open'], env, cwd);
  if (rendered.code !== 0) throw new Error(`report --render-only failed: ${rendered.stderr}`);
  return usage;
}
