/**
 * The bytes a literal query can take in a rollout file. Rollouts are JSON lines, so the text a person reads
 * sits in the file JSON-escaped: once in a string field, twice where a string holds JSON itself (0.40's tool
 * outputs `{"output":"…"}`, a function call's `arguments`). Codex writes non-ASCII characters as they are
 * (serde_json, `JSON.stringify`); a model writing a call's arguments, or another writer, may spell them as
 * `\uXXXX` escapes in either case of hex digit. A query without quotes, backslashes, control characters or
 * non-ASCII has one spelling; others have a few, and every one is searched for.
 */
export function literalPatterns(query: string): Buffer[] {
  const spellings = new Set<string>();
  for (const inner of spellNonAscii(escapeJson(query))) {
    spellings.add(inner);
    // Escaped a second time: the outer writer may again spell what non-ASCII is left either way.
    for (const outer of spellNonAscii(escapeJson(inner))) spellings.add(outer);
  }
  return [...spellings].filter((text) => text.length > 0).map((text) => Buffer.from(text, 'utf8'));
}

/** A string's body as a JSON writer puts it between quotes: `"` and `\` escaped, control characters too. */
function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

const NON_ASCII = /[\u0080-\uffff]/g;

/** Non-ASCII as it is, and as `\u` escapes of its UTF-16 units with lower and upper case hex digits. */
function spellNonAscii(text: string): string[] {
  if (!/[\u0080-\uffff]/.test(text)) return [text];
  const spell = (upper: boolean) =>
    text.replace(NON_ASCII, (unit) => {
      const hex = (unit.charCodeAt(0) as number).toString(16).padStart(4, '0');
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    });
  return [text, spell(false), spell(true)];
}
