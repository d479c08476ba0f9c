import type { SessionDetail } from '../sessions/types.js';

/** Text kept per entry: analytics reads only the start of tool outputs, the evidence quotes a few hundred characters. */
const CONTENT_CHARS = 4000;
/** Shell commands are short; what is longer is patch text, which the patch metadata already describes. */
const ARGUMENT_CHARS = 16_000;

/** A slice of a string keeps the whole original alive in V8; a copy lets it go. */
function copyString(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Cuts a transcript down to what the report reads, so a long window of big sessions fits in memory:
 * the metrics and examples come out the same, the long tails of outputs are dropped.
 */
export function slimSession(detail: SessionDetail): SessionDetail {
  for (const entry of detail.messages) {
    if (entry.content.length > CONTENT_CHARS) {
      entry.truncated ??= { original_bytes: Buffer.byteLength(entry.content) };
      entry.content = copyString(entry.content.slice(0, CONTENT_CHARS));
    }
    if (entry.tool?.arguments && entry.tool.arguments.length > ARGUMENT_CHARS) {
      entry.tool.arguments = copyString(entry.tool.arguments.slice(0, ARGUMENT_CHARS));
    }
  }
  return detail;
}
