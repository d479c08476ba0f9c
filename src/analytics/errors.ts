import type { TranscriptEntry } from '../sessions/types.js';
import { Counter, share } from './stats.js';
import type { ToolCallRecord } from './tool-calls.js';
import type { ErrorCategory, ErrorMetrics } from './types.js';

/** How a tool call ended: fine, failed in one category, or never answered (not counted as an error). */
export type Outcome = 'ok' | 'no_output' | ErrorCategory;

/**
 * Codex answers a refused or interrupted call with a short message of its own, so these are only
 * looked for in short outputs: a command that prints "rejected by user" in a long log is not refused.
 */
const SHORT_OUTPUT = 400;
const REJECTED =
  /rejected by user|declined by user|rejected: |blocked by policy|sandbox denied|approval (?:was )?denied/i;
const TIMED_OUT = /timed out after|command timed out|execution timed out/i;
const ABORTED = /^aborted\b/i;
const TOOL_FAILURE =
  /^(?:failed to parse|unsupported call|unknown (?:tool|function)|error:|tool call failed)/i;

/** The exit status `timeout(1)` reports for a command it stopped. */
const TIMEOUT_EXIT = 124;

export function classifyOutcome(output: TranscriptEntry | null, patch: TranscriptEntry | null): Outcome {
  if (output === null) return patch?.patch?.success === false ? 'patch_failed' : 'no_output';
  const text = output.content.trim();
  const exit = output.tool?.exit_code ?? null;
  const short = text.length <= SHORT_OUTPUT;
  if (short && REJECTED.test(text)) return 'rejected';
  if (short && ABORTED.test(text)) return 'aborted';
  if (exit === TIMEOUT_EXIT || (short && TIMED_OUT.test(text))) return 'timeout';
  if (patch?.patch?.success === false) return 'patch_failed';
  if (exit !== null && exit !== 0) return 'nonzero_exit';
  if (output.tool?.status === 'failed' || (short && TOOL_FAILURE.test(text))) return 'tool_error';
  return 'ok';
}

export function isError(outcome: Outcome): outcome is ErrorCategory {
  return outcome !== 'ok' && outcome !== 'no_output';
}

/** `1`, `2`, `3-125`, `126` (not executable), `127` (not found), `signal` (128+), `negative`. */
function bucketExitCode(code: number): string {
  if (code < 0) return 'negative';
  if (code === 1 || code === 2 || code === 126 || code === 127) return String(code);
  if (code >= 128) return 'signal';
  return '3-125';
}

export function computeErrorMetrics(calls: ToolCallRecord[]): ErrorMetrics {
  const byCategory = new Counter();
  const exitCodes = new Counter();
  const byTool = new Counter();
  let total = 0;
  for (const call of calls) {
    if (!isError(call.outcome)) continue;
    total++;
    byCategory.add(call.outcome);
    byTool.add(call.name);
    const exit = call.output?.tool?.exit_code;
    if (call.outcome === 'nonzero_exit' && typeof exit === 'number') exitCodes.add(bucketExitCode(exit));
  }
  return {
    total,
    rate: share(total, calls.length),
    by_category: byCategory.rows(),
    exit_codes: exitCodes.rows(),
    by_tool: byTool.rows(),
  };
}
