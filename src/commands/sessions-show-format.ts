import { describeCost } from '../pricing/format-cost.js';
import type { SessionMetadata, SubagentInfo, TranscriptEntry } from '../sessions/types.js';
import type { Continuation } from '../workflows/continuation.js';

const OUTPUT_LINES = 20;
/** Calls remembered to name the output of one that ran beside others; parallel calls are close together. */
const CALLS_KEPT = 4096;

/** The top of a transcript for a terminal: what the session was, where, and its counts; then a blank line. */
export function formatTranscriptHeader(
  session: { id: string; metadata: SessionMetadata },
  continuation?: Continuation,
): string {
  return `${[...formatHeader(session), ...formatContinuation(continuation), ''].join('\n')}\n`;
}

/**
 * Formats entries in order, each as its lines with a newline after each: who said what and when, tool calls
 * with exit codes, context folded. Remembers only the recent calls, so a transcript of any length streams.
 */
export function createEntryFormatter(): (entry: TranscriptEntry) => string {
  const calls = new Map<string, string>();
  let previous: TranscriptEntry | undefined;
  return (entry) => {
    if (entry.kind === 'tool_call' && entry.tool) {
      calls.set(entry.tool.call_id, describeCall(entry));
      if (calls.size > CALLS_KEPT) calls.delete(calls.keys().next().value as string);
    }
    // Parallel calls interleave: name the call when its output does not follow it directly.
    const callId = entry.kind === 'tool_output' ? entry.tool?.call_id : undefined;
    const label = callId && previous?.tool?.call_id !== callId ? calls.get(callId) : undefined;
    previous = entry;
    return `${formatEntry(entry, label).join('\n')}\n`;
  };
}

function formatHeader({ id, metadata: m }: { id: string; metadata: SessionMetadata }): string[] {
  const lines = [
    `${m.title || '(no prompt)'}${m.archived ? ' [archived]' : ''}`,
    `  id        ${id}`,
    `  when      ${formatDateTime(m.started_at)} → ${formatDateTime(m.updated_at)}`,
    `  where     ${m.cwd ?? '-'}${m.repo_hint && m.repo_hint !== m.cwd ? ` (${m.repo_hint})` : ''}`,
    `  model     ${m.model}${m.cli_version ? `, codex ${m.cli_version}` : ''}${m.originator ? `, ${m.originator}` : ''}`,
    `  counts    ${plural(m.user_messages, 'user message')}, ${plural(m.tool_calls, 'tool call')}, ${plural(m.tool_errors, 'tool error')}, ${plural(m.tokens.total, 'token')}`,
    `  cost      ${describeCost(m.cost)}`,
    `  file      ${m.path}`,
  ];
  if (m.forked_from_id) lines.push(`  forked    from ${m.forked_from_id}`);
  const friction = [
    m.failed_turns > 0 ? plural(m.failed_turns, 'failed turn') : '',
    m.aborted_turns > 0 ? plural(m.aborted_turns, 'interrupted turn') : '',
    m.approval_turns > 0 ? `${plural(m.approval_turns, 'turn')} waiting for you` : '',
  ].filter(Boolean);
  if (friction.length > 0) lines.push(`  turns     ${plural(m.turns, 'turn')}: ${friction.join(', ')}`);
  if (m.codex_retro_turns > 0)
    lines.push(
      `  resumed   ${plural(m.codex_retro_turns, 'turn')} added by codex-retro (not counted as yours)`,
    );
  if (m.subagent) lines.push(`  subagent  ${describeSubagent(m.subagent, m.parent_thread_id)}`);
  lines.push(...formatSubagents(m.subagents));
  const issues = Object.entries(m.parse_issues.counts);
  if (issues.length > 0) {
    lines.push(`  problems  ${issues.map(([kind, n]) => `${n} ${kind.replaceAll('_', ' ')}`).join(', ')}`);
    for (const example of m.parse_issues.examples) {
      lines.push(`            ${example.line ? `line ${example.line}: ` : ''}${example.message}`);
    }
  }
  return lines;
}

/** Whether insights and proposals can fork or resume this session, or read a digest of it. */
function formatContinuation(continuation: Continuation | undefined): string[] {
  if (!continuation) return [];
  if (continuation.resume) return ['  codex     can fork and resume it'];
  if (continuation.fork) return [`  codex     can fork it, not resume it: ${continuation.reason}`];
  return [
    `  codex     cannot continue it: ${continuation.reason}`,
    '            insights and proposals read a digest of its transcript instead',
  ];
}

function describeSubagent(agent: SubagentInfo, parent: string | null): string {
  const who = [agent.nickname, agent.role ? `(${agent.role})` : ''].filter(Boolean).join(' ');
  const depth = agent.depth === null ? '' : `, depth ${agent.depth}`;
  return `${who || agent.kind}${depth}${parent ? `, spawned by ${parent}` : ', no parent session recorded'}`;
}

/** The parent lists its subagents (and theirs) with what each added in tokens. */
function formatSubagents(subagents: SessionMetadata['subagents']): string[] {
  if (subagents.descendants === 0) return [];
  const lines = [
    `  subagents ${subagents.count} spawned${subagents.descendants > subagents.count ? ` (${subagents.descendants} in all)` : ''}, ${plural(subagents.tokens.total, 'token')} beside this session's own`,
  ];
  for (const agent of subagents.sessions) {
    const indent = ' '.repeat(12 + 2 * Math.max(0, (agent.depth ?? 1) - 1));
    const who = agent.nickname ? `${agent.nickname}: ` : '';
    lines.push(
      `${indent}${agent.id}  ${who}${oneLine(agent.title || '(no instruction)', 60)}  ${plural(agent.tokens.total, 'token')}`,
    );
  }
  return lines;
}

function formatEntry(entry: TranscriptEntry, callLabel: string | undefined): string[] {
  const at = `[${formatTime(entry.ts)}]${entry.inherited ? ' (parent)' : ''}`;
  const extras = [
    ...(entry.images ?? []).map((image) => `[${image.mime} image, ${formatBytes(image.bytes)}, not shown]`),
    ...(entry.truncated ? [`[cut: the original was ${formatBytes(entry.truncated.original_bytes)}]`] : []),
  ];
  switch (entry.kind) {
    case 'context':
      if (entry.author === 'parent_agent')
        return [`${at} parent agent:`, ...entry.content.split('\n').map(indent)];
      if (entry.author === 'codex-retro')
        return [
          `${at} codex-retro (${entry.codex_retro?.kind ?? 'run'} ${entry.codex_retro?.job_id ?? ''}): ${oneLine(entry.content, 90)}`,
        ];
      return [`${at} context: ${oneLine(entry.content, 90)} (${entry.content.length} chars)`];
    case 'compaction':
      return [`${at} ── context compacted ──${entry.content ? ` ${oneLine(entry.content, 80)}` : ''}`];
    case 'tool_call':
      return [`${at} ${describeCall(entry)}${waitLabel(entry)}`, ...extras.map(indent)];
    case 'tool_output':
      return [
        `${at}   ${describeResult(entry)}${callLabel ? `  (of ${oneLine(callLabel, 60)})` : ''}`,
        ...clipLines(outputBody(entry.content)).map(indent),
        ...extras.map(indent),
      ];
    case 'patch': {
      const files = entry.patch?.files ?? [];
      const status = entry.patch?.success === false ? ' ✗ FAILED' : '';
      return [
        `${at} patch${status}: ${files.length} file${files.length === 1 ? '' : 's'}`,
        ...files.map((f) =>
          indent(
            `${f.kind.padEnd(6)} ${f.path}${f.move_to ? ` → ${f.move_to}` : ''} (+${f.added} -${f.removed})`,
          ),
        ),
      ];
    }
    case 'error':
      return [`${at} ✗ ERROR${entry.error_kind ? ` (${entry.error_kind})` : ''}: ${entry.content}`];
    case 'reasoning':
      return [`${at} thinking: ${oneLine(entry.content, 200)}`];
    default:
      return [`${at} ${speaker(entry)}:`, ...entry.content.split('\n').map(indent), ...extras.map(indent)];
  }
}

function speaker(entry: TranscriptEntry): string {
  if (entry.role === 'assistant') return entry.codex_retro ? 'codex (for codex-retro)' : 'codex';
  return entry.role;
}

const WAITS: Record<string, string> = {
  user_input: 'asked you a question',
  permissions: 'asked you for permissions',
  escalation: 'asked to run outside the sandbox',
};

function waitLabel(entry: TranscriptEntry): string {
  return entry.approval_wait
    ? `  ⏸ waited for you: ${WAITS[entry.approval_wait] ?? entry.approval_wait}`
    : '';
}

function describeCall(entry: TranscriptEntry): string {
  const name = entry.tool?.name ?? 'tool';
  const command = commandOf(entry.tool?.arguments ?? entry.content);
  return command
    ? `$ ${oneLine(command, 160)}  (${name})`
    : `${name} ${oneLine(entry.tool?.arguments ?? entry.content, 160)}`;
}

/** The shell command of `shell`, `exec_command` and `shell_command` calls, when the arguments carry one. */
function commandOf(args: string): string | null {
  try {
    const parsed = JSON.parse(args) as { cmd?: unknown; command?: unknown };
    if (typeof parsed.cmd === 'string') return parsed.cmd;
    if (typeof parsed.command === 'string') return parsed.command;
    if (Array.isArray(parsed.command)) {
      const argv = parsed.command.map(String);
      return argv.length === 3 && /(^|\/)(ba|z)?sh$/.test(argv[0]!) && argv[1]?.startsWith('-')
        ? argv[2]!
        : argv.join(' ');
    }
  } catch {
    // Not JSON: freeform tools (apply_patch) keep their raw text.
  }
  return null;
}

function describeResult(entry: TranscriptEntry): string {
  const code = entry.tool?.exit_code;
  const status = code === undefined || code === null ? 'done' : code === 0 ? 'exit 0' : `✗ exit ${code}`;
  const duration = entry.tool?.duration_ms;
  return `→ ${status}${duration === undefined || duration === null ? '' : ` in ${(duration / 1000).toFixed(1)} s`}`;
}

const EXEC_HEADER =
  /^(?:Chunk ID: .*\n)?(?:Exit code: .*\n)?Wall time: .*\n(?:Process (?:exited with code|running with session ID) .*\n)?(?:Original token count: .*\n)?Output:\n/;

/** What the command printed, without the exit-code/wall-time header Codex puts in front (shown above). */
function outputBody(content: string): string {
  const header = EXEC_HEADER.exec(content);
  if (header) return content.slice(header[0].length);
  if (content.startsWith('{"output":')) {
    try {
      const parsed = JSON.parse(content) as { output?: unknown };
      if (typeof parsed.output === 'string') return parsed.output;
    } catch {
      // Cut or not JSON after all: show it as recorded.
    }
  }
  return content;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clipLines(text: string): string[] {
  if (text.trim() === '') return [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= OUTPUT_LINES) return lines;
  return [...lines.slice(0, OUTPUT_LINES), `… ${lines.length - OUTPUT_LINES} more lines (--json shows all)`];
}

function indent(line: string): string {
  return `    ${line}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function formatTime(iso: string | null): string {
  if (!iso) return '--:--:--';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '--:--:--';
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

function formatDateTime(iso: string | null): string {
  if (!iso) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '-';
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')} ${formatTime(iso)}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}
