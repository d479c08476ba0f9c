import { decodeStringBody } from '../scan/partial-json.js';

/**
 * Exit code and duration of a tool call, from the three output formats Codex has written:
 * a JSON string `{"output","metadata":{"exit_code","duration_seconds"}}` (≤0.60),
 * `Exit code: N\nWall time: S seconds\nOutput:\n…` (0.60 with codex models, custom tools), and
 * `Chunk ID…\nWall time: S seconds\nProcess exited with code N\n…Output:\n…` (unified exec, ≥0.100).
 */
export interface ToolOutputFacts {
  /** What the tool printed (the `output` field of the JSON format, else the whole text). */
  text: string;
  exit_code: number | null;
  duration_ms: number | null;
}

const EXIT_CODE = /^(?:Exit code: |Process exited with code )(-?\d+)\s*$/m;
const WALL_TIME = /^Wall time: ([\d.]+) seconds?\s*$/m;
const JSON_EXIT = /"exit_code"\s*:\s*(-?\d+)/;
const JSON_DURATION = /"duration_seconds"\s*:\s*([\d.]+)/;
const HEADER_LINES = 8;

/**
 * Length of the header at the start of `text`: up to 8 lines, or up to a line that starts with `Output:`. -1 when
 * `text` is the start of a longer output (`whole` false) that ends before the header can be told.
 */
function headerLength(text: string, whole: boolean): number {
  let end = 0;
  for (let i = 0; i < HEADER_LINES; i++) {
    const nl = text.indexOf('\n', end);
    if (nl < 0) return whole ? text.length : -1;
    end = nl + 1;
    if (!whole && text.length < end + 'Output:'.length) return -1;
    if (text.startsWith('Output:', end)) return end;
  }
  return end;
}

function secondsToMs(value: string | undefined): number | null {
  if (value === undefined) return null;
  const seconds = Number.parseFloat(value);
  return Number.isFinite(seconds) ? Math.round(seconds * 1000) : null;
}

function readJsonFormat(text: string, tail: string | null): ToolOutputFacts | null {
  if (!text.startsWith('{')) return null;
  if (tail === null) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && 'output' in parsed) {
        const { output, metadata } = parsed as { output: unknown; metadata?: Record<string, unknown> };
        const exit = metadata?.exit_code;
        const duration = metadata?.duration_seconds;
        return {
          text: typeof output === 'string' ? output : JSON.stringify(output),
          exit_code: typeof exit === 'number' ? exit : null,
          duration_ms: typeof duration === 'number' ? Math.round(duration * 1000) : null,
        };
      }
    } catch {
      return null;
    }
    return null;
  }
  // A cut JSON output: its metadata sits at the end, in the kept tail.
  if (!text.startsWith('{"output":"')) return null;
  const exit = JSON_EXIT.exec(tail);
  return {
    text: decodeStringBody(text.slice('{"output":"'.length)),
    exit_code: exit ? Number(exit[1]) : null,
    duration_ms: secondsToMs(JSON_DURATION.exec(tail)?.[1]),
  };
}

/**
 * Reads exit code and duration from a tool output string. `tail` is the end of the string when
 * only its head was kept (giant outputs); the JSON format keeps its metadata there.
 */
export function parseToolOutput(text: string, tail: string | null = null): ToolOutputFacts {
  if (read !== null && read.text === text && tail === null) return read;
  const json = readJsonFormat(text, tail);
  if (json) return json;
  const facts = readHeader(text, true) as ToolOutputFacts;
  return { text, exit_code: facts.exit_code, duration_ms: facts.duration_ms };
}

/** The facts `toolOutputHead` read last, which `parseToolOutput` of its head reads again. */
let read: ToolOutputFacts | null = null;

/**
 * The part of `text`, the decoded start of a tool output given as text (`whole` when it is all of it), that
 * settles the exit code and duration `parseToolOutput` reads from the whole output: `parseToolOutput` of it reads
 * the same (and is answered from what was read here). Null when `text` ends before they can be told, and for the
 * JSON format (read whole).
 */
export function toolOutputHead(text: string, whole: boolean): string | null {
  if (text.startsWith('{')) return null;
  const header = readHeader(text, whole);
  if (header === null) return null;
  const head = header.length === text.length ? text : text.slice(0, header.length);
  read = { text: head, exit_code: header.exit_code, duration_ms: header.duration_ms };
  return head;
}

/**
 * Exit code and duration from the header, and how far into `text` they were read; null when `text` is a start
 * that ends before they can be told.
 */
function readHeader(text: string, whole: boolean): (ToolOutputFacts & { length: number }) | null {
  // An apply_patch intercepted inside exec_command nests the patch tool's own header in the
  // output: `Wall time…\nOutput:\nExit code: 0\nWall time…\nOutput:\n…`.
  let read = 0;
  let exitCode: number | null = null;
  let duration: number | null = null;
  for (let depth = 0; depth < 2 && exitCode === null; depth++) {
    const rest = read === 0 ? text : text.slice(read);
    const length = headerLength(rest, whole);
    if (length < 0) return null;
    const header = rest.slice(0, length);
    read += length;
    const exit = EXIT_CODE.exec(header);
    if (exit) exitCode = Number(exit[1]);
    duration ??= secondsToMs(WALL_TIME.exec(header)?.[1]);
    if (exitCode !== null) break;
    if (!whole && rest.length < length + 'Output:\n'.length) return null;
    if (!rest.startsWith('Output:\n', length)) break;
    read += 'Output:\n'.length;
  }
  return { text, exit_code: exitCode, duration_ms: duration, length: read };
}
