/** Turns raw transcript payloads into what a person wants to read first. */

const CONTEXT_MARKERS: [RegExp, string][] = [
  [/<environment_context>/i, 'environment'],
  [/AGENTS\.md|<user_instructions>|# AGENTS/i, 'AGENTS.md'],
  [/<permissions instructions>|sandbox_mode|approval_policy/i, 'permissions'],
  [/<skills?_instructions>|SKILL\.md/i, 'skills'],
  [/<developer_instructions>|<instructions>/i, 'instructions'],
  [/<turn_aborted>/i, 'turn aborted'],
];

/** One line for folded injected context: "context: environment / AGENTS.md …". */
export function describeContext(content: string): string {
  const found = CONTEXT_MARKERS.filter(([pattern]) => pattern.test(content)).map(([, label]) => label);
  if (found.length > 0) return `context: ${found.join(' / ')}`;
  const first = content
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `context: ${first.length > 60 ? `${first.slice(0, 60)}…` : first || 'empty'}`;
}

export interface ToolCallView {
  /** A shell command, shown as `$ …`, when the call ran one. */
  command: string | null;
  /** Everything else, pretty-printed. */
  detail: string;
}

function joinCommand(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((part) => typeof part === 'string')) {
    const parts = value as string[];
    // ["bash", "-lc", "script"] is how Codex wraps a shell line: show the script itself.
    if (parts.length === 3 && /(^|\/)(ba|z)?sh$/.test(parts[0] ?? '') && /^-l?c$/.test(parts[1] ?? '')) {
      return parts[2] ?? '';
    }
    return parts.map((part) => (/\s/.test(part) ? JSON.stringify(part) : part)).join(' ');
  }
  return null;
}

/**
 * The patch of `["apply_patch", "<patch>"]` (how Codex ≤0.40 called it through `shell`): shown as the patch it
 * is, not as one quoted argument with its newlines written `\n`.
 */
function patchOfArgv(value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [program, patch] = value as unknown[];
  return (program === 'apply_patch' || program === 'applypatch') && typeof patch === 'string' ? patch : null;
}

/** Arguments of a tool call: the command when there is one, the rest as readable JSON. */
export function describeToolCall(args: string | undefined): ToolCallView {
  if (!args) return { command: null, detail: '' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return { command: null, detail: args };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { command: null, detail: JSON.stringify(parsed, null, 2) };
  }
  const record = parsed as Record<string, unknown>;
  const patch = patchOfArgv(record.command);
  if (patch !== null) return { command: null, detail: patch };
  const command = joinCommand(record.cmd ?? record.command);
  if (command === null) return { command: null, detail: JSON.stringify(record, null, 2) };
  const { cmd: _cmd, command: _command, ...rest } = record;
  return { command, detail: Object.keys(rest).length > 0 ? JSON.stringify(rest, null, 2) : '' };
}

const FOLD_LINES = 12;
const FOLD_CHARS = 1500;

/** Long text is folded to its first lines; returns null when it is short enough to show whole. */
export function foldText(text: string): { head: string; hiddenLines: number } | null {
  const lines = text.split('\n');
  if (lines.length <= FOLD_LINES && text.length <= FOLD_CHARS) return null;
  let head = lines.slice(0, FOLD_LINES).join('\n');
  if (head.length > FOLD_CHARS) head = `${head.slice(0, FOLD_CHARS)}…`;
  return { head, hiddenLines: Math.max(0, lines.length - FOLD_LINES) };
}
