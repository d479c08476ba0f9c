import type { SessionDetail } from '../../sessions/types.js';
import { isError } from '../errors.js';
import { isUserMessage, prepareSession } from '../prepare.js';
import { isShellTool, readShellCommand } from '../shell-programs.js';
import { collectToolCalls, type ToolCallRecord } from '../tool-calls.js';
import { type CorrectionKind, detectCorrection, isDeclinedByPerson } from './corrections.js';

/**
 * What one session says about how well Codex worked in it: the counts every before/after comparison adds
 * up. Only the session's own work counts (a fork's copy of its parent and turns codex-retro added are left
 * out by `prepareSession`).
 */
export interface SessionSignals {
  id: string;
  started_at: string | null;
  tool_calls: number;
  /** Tool calls that failed in any way (a non-zero exit, a failed patch, a refusal, a timeout…). */
  tool_errors: number;
  /** Shell commands. */
  commands: number;
  /** Commands that ran and failed: a non-zero exit or a timeout. */
  failed_commands: number;
  /** Commands run again, verbatim, after the same command failed since the person last wrote. */
  retried_commands: number;
  /** The person's requests: Codex's turns, or typed messages where a release records no turns. */
  turns: number;
  corrections: number;
  corrections_by_kind: Record<CorrectionKind, number>;
  tokens: number;
}

/** A command as a key: the script a shell wrapper runs, whitespace collapsed. */
function commandKey(call: ToolCallRecord): string | null {
  const command = readShellCommand(call.call.tool?.arguments);
  if (command === null) return null;
  const words = typeof command === 'string' ? [command] : command;
  const wrapped =
    words.length === 3 && /(?:^|\/)(?:ba|z|da|k)?sh$/.test(words[0] ?? '') && /^-l?c$/.test(words[1] ?? '');
  const script = wrapped ? (words[2] ?? '') : words.join(' ');
  return script.replace(/\s+/g, ' ').trim();
}

function ranAndFailed(call: ToolCallRecord): boolean {
  return call.outcome === 'nonzero_exit' || call.outcome === 'timeout';
}

export function measureSessionSignals(detail: SessionDetail): SessionSignals {
  const session = prepareSession(detail);
  const calls = collectToolCalls(session);
  const byEntry = new Map(calls.map((call) => [call.call, call]));
  const corrections: Record<CorrectionKind, number> = { interrupted: 0, declined: 0, said: 0 };
  let failedSinceTyped = new Set<string>();
  let commands = 0;
  let failed = 0;
  let retried = 0;
  let typed = 0;
  let abortedEvents = 0;
  // The message a person types after stopping Codex is part of the same correction, not a second one.
  let justInterrupted = false;
  for (const entry of session.entries) {
    if (isUserMessage(entry)) {
      typed++;
      if (!justInterrupted && detectCorrection(entry.content)) corrections.said++;
      justInterrupted = false;
      failedSinceTyped = new Set();
    } else if (entry.kind === 'error' && entry.error_kind === 'turn_aborted') {
      abortedEvents++;
      justInterrupted = true;
    } else if (entry.kind === 'tool_output' && isDeclinedByPerson(entry)) {
      corrections.declined++;
    } else if (entry.kind === 'tool_call') {
      const call = byEntry.get(entry);
      if (!call || !isShellTool(call.name)) continue;
      commands++;
      const key = commandKey(call);
      if (key !== null && failedSinceTyped.has(key)) retried++;
      if (ranAndFailed(call)) {
        failed++;
        if (key !== null) failedSinceTyped.add(key);
      }
    }
  }
  const abortedTurns = session.turns.filter((turn) => turn.status === 'aborted').length;
  // An interruption may be recorded as an aborted turn, a turn_aborted event, or both: counted once.
  corrections.interrupted = Math.max(abortedEvents, abortedTurns);
  return {
    id: detail.id,
    started_at: detail.metadata.started_at,
    tool_calls: calls.length,
    tool_errors: calls.filter((call) => isError(call.outcome)).length,
    commands,
    failed_commands: failed,
    retried_commands: retried,
    turns: session.turns.length > 0 ? session.turns.length : typed,
    corrections: corrections.interrupted + corrections.declined + corrections.said,
    corrections_by_kind: corrections,
    tokens: detail.metadata.tokens.total,
  };
}
