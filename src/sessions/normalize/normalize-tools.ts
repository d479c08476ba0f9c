import { redactText } from '../../redact/index.js';
import type { ApprovalWait, PatchFile, TranscriptEntry } from '../types.js';
import { describePatch, findPatchText, parsePatch } from './apply-patch.js';
import {
  type EntrySink,
  emitEntry,
  findCall,
  type NormalizerState,
  rememberCall,
} from './normalize-state.js';
import { type CutLookup, extractContent } from './normalize-text.js';
import { type LineContext, noteActivity, noteApprovalWait } from './normalize-turns.js';
import { parseToolOutput, type ToolOutputFacts } from './tool-output.js';

/**
 * Tool calls paired with their outputs by call_id: name and arguments on the call; exit code and
 * duration on the output; an apply_patch call also gets a `patch` entry with the files it touches.
 */

export interface ToolCallInput {
  name: string;
  call_id: string;
  /** Raw arguments: the JSON string of a function call, the freeform input of a custom tool. */
  arguments: string;
  /** What a person reads: the command line of a shell call, else the arguments. */
  display: string;
  status?: string | null;
  /** Size of the arguments in the line when they were cut. */
  cutBytes: number | null;
  /** The call made Codex wait for the person. */
  approval?: ApprovalWait | null;
}

function scriptOf(argv: string[]): string {
  const last = argv[argv.length - 1] ?? '';
  const shell = argv[0] ?? '';
  if (argv.length === 3 && /(^|\/)(ba|z|da)?sh$/.test(shell) && /^-l?c$/.test(argv[1] ?? '')) return last;
  return argv.join(' ');
}

/** The command line of shell-style arguments (`command` argv or string, `cmd`), else null. */
export function describeCommand(args: unknown): string | null {
  if (typeof args !== 'object' || args === null) return null;
  const record = args as Record<string, unknown>;
  const command = record.command ?? record.cmd;
  if (typeof command === 'string') return command;
  if (Array.isArray(command) && command.every((part) => typeof part === 'string')) return scriptOf(command);
  return null;
}

/** Tools whose call is a question to the person (the answer comes back as the call's output). */
const WAITING_TOOLS: Record<string, ApprovalWait> = {
  request_user_input: 'user_input',
  request_user_input_async: 'user_input',
  request_permissions: 'permissions',
};

/**
 * A command run outside the sandbox after the person approves it: `sandbox_permissions: "require_escalated"`
 * (≥0.100) or `with_escalated_permissions: true` (the older `shell` tool).
 */
function isEscalated(args: unknown): boolean {
  if (typeof args !== 'object' || args === null) return false;
  const record = args as Record<string, unknown>;
  return record.sandbox_permissions === 'require_escalated' || record.with_escalated_permissions === true;
}

/**
 * What a person reads of a function call's JSON arguments (the command line of a shell call, else the
 * arguments), and whether the call waited for the person. The arguments are parsed once, for both.
 */
export function readArguments(name: string, raw: string): { display: string; approval: ApprovalWait | null } {
  const asked = Object.hasOwn(WAITING_TOOLS, name) ? (WAITING_TOOLS[name] as ApprovalWait) : null;
  if (!raw.startsWith('{')) return { display: raw, approval: asked };
  try {
    const args: unknown = JSON.parse(raw);
    const approval = asked ?? (isEscalated(args) ? 'escalation' : null);
    return { display: describeCommand(args) ?? raw, approval };
  } catch {
    return { display: raw, approval: asked };
  }
}

export function addToolCall(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  call: ToolCallInput,
): void {
  noteActivity(state, ctx, false);
  const entry: TranscriptEntry = {
    role: 'assistant',
    kind: 'tool_call',
    content: call.display,
    ts: ctx.ts,
    line: ctx.line,
    tool: { name: call.name, call_id: call.call_id, arguments: call.arguments },
  };
  if (call.status && entry.tool) entry.tool.status = call.status;
  if (call.cutBytes !== null) entry.truncated = { original_bytes: call.cutBytes };
  if (call.approval) {
    entry.approval_wait = call.approval;
    noteApprovalWait(state);
  }
  emitEntry(state, sink, entry);
  // What a patch touched and which call an output answers are shown, never counted.
  if (sink.summaryOnly) return;
  let patchHandle: number | null = null;
  const patchText = call.cutBytes === null ? findPatchText(call.name, call.arguments) : null;
  if (patchText !== null) {
    const files = parsePatch(patchText);
    const patch: TranscriptEntry = {
      role: 'assistant',
      kind: 'patch',
      content: describePatch(files),
      ts: ctx.ts,
      line: ctx.line,
      tool: { name: call.name, call_id: call.call_id },
      patch: { files },
    };
    // The lines are shown: redacted, the patch whole (a secret can span lines).
    if (sink.keepsArguments && sink.keepsText(patch)) addHunks(files, redactText(patchText));
    patchHandle = emitEntry(state, sink, patch);
  }
  rememberCall(state, { call_id: call.call_id, name: call.name, patch_handle: patchHandle });
}

/** Each file's lines, from the patch as shown (redacted); none when redaction changed which files it names. */
function addHunks(files: PatchFile[], shownPatch: string): void {
  const shown = parsePatch(shownPatch, { hunks: true });
  if (shown.length !== files.length) return;
  files.forEach((file, i) => {
    const hunks = shown[i]?.hunks;
    if (hunks) file.hunks = hunks;
  });
}

interface OutputFacts {
  text: string;
  exit_code: number | null;
  duration_ms: number | null;
  images: { mime: string; bytes: number }[];
  cutBytes: number | null;
  success: boolean | null;
}

/** Output facts built field by field: a spread of objects of varying shapes runs through V8's slow path. */
function outputFacts(
  facts: ToolOutputFacts,
  images: OutputFacts['images'],
  cutBytes: number | null,
  success: boolean | null,
): OutputFacts {
  return {
    text: facts.text,
    exit_code: facts.exit_code,
    duration_ms: facts.duration_ms,
    images,
    cutBytes,
    success,
  };
}

function readOutput(output: unknown, cuts: CutLookup): OutputFacts {
  if (typeof output === 'string') {
    const cut = cuts(output);
    return outputFacts(parseToolOutput(output, cut?.tail ?? null), [], cut ? cut.bytes : null, null);
  }
  if (typeof output === 'object' && output !== null && !Array.isArray(output)) {
    const record = output as Record<string, unknown>;
    const inner = readOutput(record.content ?? record.output ?? '', cuts);
    const success = typeof record.success === 'boolean' ? record.success : null;
    return outputFacts(inner, inner.images, inner.cutBytes, success);
  }
  const content = extractContent(output, cuts);
  return outputFacts(parseToolOutput(content.text), content.images, content.cutBytes, null);
}

export function addToolOutput(
  state: NormalizerState,
  sink: EntrySink,
  ctx: LineContext,
  callId: string,
  output: unknown,
  cuts: CutLookup,
): void {
  noteActivity(state, ctx, false);
  const facts = readOutput(output, cuts);
  const call = findCall(state, callId);
  const entry: TranscriptEntry = {
    role: 'tool',
    kind: 'tool_output',
    content: facts.text,
    ts: ctx.ts,
    line: ctx.line,
    tool: { call_id: callId, exit_code: facts.exit_code, duration_ms: facts.duration_ms },
  };
  if (call && entry.tool) entry.tool.name = call.name;
  if (facts.success === false && entry.tool) entry.tool.status = 'failed';
  if (facts.images.length > 0) entry.images = facts.images;
  if (facts.cutBytes !== null) entry.truncated = { original_bytes: facts.cutBytes };
  emitEntry(state, sink, entry);
  if (call && call.patch_handle !== null) {
    const success =
      facts.success ??
      (facts.exit_code !== null ? facts.exit_code === 0 : /^Success\./m.test(facts.text) ? true : null);
    if (success !== null) sink.settlePatch(call.patch_handle, success);
  }
}

/** `patch_apply_end` (0.130) says whether the patch applied. */
export function notePatchApplied(
  state: NormalizerState,
  sink: EntrySink,
  callId: string,
  success: boolean,
): void {
  const call = findCall(state, callId);
  if (call && call.patch_handle !== null) sink.settlePatch(call.patch_handle, success);
}
