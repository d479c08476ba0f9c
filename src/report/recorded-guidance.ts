import type { SessionDetail } from '../sessions/types.js';

/**
 * The AGENTS.md text Codex was given, as a rollout recorded it (injected context): known even when the project's
 * folder is gone or its AGENTS.md changed since.
 * - 0.40 and later: `# AGENTS.md instructions for <dir>` then the file between `<INSTRUCTIONS>` tags.
 * - earlier: `<user_instructions>…</user_instructions>`, the project's AGENTS.md after a `--- project-doc ---`
 *   line when the person also had instructions of their own.
 */
export interface RecordedInstructions {
  /** The folder Codex ran in when it was given the text. */
  dir: string;
  text: string;
  ts: string | null;
  session_id: string;
}

const AGENTS_HEADER = /^#\s*AGENTS\.md instructions for (.+)\n/;
const INSTRUCTIONS = /<INSTRUCTIONS>\n?([\s\S]*?)\n?(?:<\/INSTRUCTIONS>|$)/;
const USER_INSTRUCTIONS = /^<user_instructions>\n?([\s\S]*?)\n?(?:<\/user_instructions>\s*|$)/;
const PROJECT_DOC = /\n?--- project-doc ---\n?/;

function extract(content: string, cwd: string | null): { dir: string; text: string } | null {
  const text = content.trimStart();
  const header = AGENTS_HEADER.exec(text);
  if (header) {
    const body = INSTRUCTIONS.exec(text)?.[1] ?? text.slice(header[0].length);
    return { dir: (header[1] ?? '').trim(), text: body.trim() };
  }
  const user = USER_INSTRUCTIONS.exec(text);
  if (user && cwd) {
    const parts = (user[1] ?? '').split(PROJECT_DOC);
    return { dir: cwd, text: (parts.length > 1 ? parts.slice(1).join('\n') : (parts[0] ?? '')).trim() };
  }
  return null;
}

/** Every AGENTS.md text a session was given, once per folder and text, in the order given. */
export function readRecordedGuidance(session: SessionDetail): RecordedInstructions[] {
  const found: RecordedInstructions[] = [];
  const seen = new Set<string>();
  for (const entry of session.messages) {
    if (entry.kind !== 'context') continue;
    const hit = extract(entry.content, session.metadata.cwd);
    if (!hit || hit.text === '' || hit.dir === '') continue;
    const key = `${hit.dir}\0${hit.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ ...hit, ts: entry.ts, session_id: session.id });
  }
  return found;
}
