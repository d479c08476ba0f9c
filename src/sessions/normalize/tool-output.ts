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

function headerOf(text: string): string {
  let end = 0;
  for (let i = 0; i < HEADER_LINES; i++) {
    const nl = text.indexOf('\n', end);
    if (nl < 0) return text;
    end = nl + 1;
    if (text.startsWith('Output:', end)) return text.slice(0, end);
  }
  return text.slice(0, end);
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
  const json = readJsonFormat(text, tail);
  if (json) return json;
  // An apply_patch intercepted inside exec_command nests the patch tool's own header in the
  // output: `Wall time…\nOutput:\nExit code: 0\nWall time…\nOutput:\n…`.
  let rest = text;
  let exitCode: number | null = null;
  let duration: number | null = null;
  for (let depth = 0; depth < 2 && exitCode === null; depth++) {
    const header = headerOf(rest);
    const exit = EXIT_CODE.exec(header);
    if (exit) exitCode = Number(exit[1]);
    duration ??= secondsToMs(WALL_TIME.exec(header)?.[1]);
    if (!rest.startsWith('Output:\n', header.length)) break;
    rest = rest.slice(header.length + 'Output:\n'.length);
  }
  return { text, exit_code: exitCode, duration_ms: duration };
}
