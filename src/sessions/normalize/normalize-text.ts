import type { CutString } from '../scan/partial-json.js';

/**
 * Text and images of message content, and the test for what Codex injected as context
 * (environment, AGENTS.md, instructions) rather than what the person typed.
 */

export interface ExtractedText {
  text: string;
  images: { mime: string; bytes: number }[];
  /** Size in the line of the longest cut string, when a string was cut. */
  cutBytes: number | null;
}

/** Looks up whether a string is a cut head (from a giant line) and how large it really was. */
export type CutLookup = (value: string) => CutString | undefined;

export const noCuts: CutLookup = () => undefined;

/** Builds a lookup over the cut strings of one decoded line. */
export function lookupCuts(cuts: CutString[]): CutLookup {
  if (cuts.length === 0) return noCuts;
  return (value) => cuts.find((cut) => cut.head === value);
}

const CONTEXT_TAGS = [
  'environment_context',
  'user_instructions',
  'permissions instructions',
  'skills_instructions',
  'turn_aborted',
  'user_shell_command',
  'collaboration_mode',
  'personality_spec',
  'apps_instructions',
  'plugins_instructions',
  'subagent_notification',
  'developer_instructions',
  'INSTRUCTIONS',
  // Codex's own list of contextual user fragments (newer releases).
  'goal_context',
  'recommended_plugins',
  'codex_internal_context',
  'hook_prompt',
  'model_switch',
  'persistent_mode',
  'multi_agent_role',
  'multi_agent_mode',
  'environments_instructions',
  'git_attribution',
  'realtime_conversation',
  'token_budget',
  'context_window_guidance',
];
/** An opening tag of each block, closed or followed by attributes. */
const CONTEXT_OPENINGS = CONTEXT_TAGS.flatMap((tag) => [`<${tag}>`, `<${tag} `]);
/** Codex's injected blocks are wrapped in snake_case tags; HTML a person pastes is not. */
const GENERIC_CONTEXT = /^<([a-z]+(?:[_ ][a-z]+)+)>[\s\S]*<\/\1>\s*$/;
/**
 * Warnings Codex writes to the model as user-role messages (`record_model_warning`), as Codex itself
 * recognizes them: a person's own "Warning: …" is not one of these.
 */
const MODEL_WARNINGS: readonly (readonly [string, string])[] = [
  ['Warning: apply_patch was requested via ', 'Use the apply_patch tool instead of exec_command.'],
  ['Warning: The maximum number of unified exec processes you can keep open is', ''],
  ['Warning: Your account was flagged for potentially high-risk cyber activity', ''],
];

/** Whether a `user` message is context Codex injected rather than something the person typed. */
export function isInjectedContext(text: string): boolean {
  const t = text.trimStart();
  if (t.startsWith('# AGENTS.md')) return true;
  if (t.startsWith('Warning: ')) {
    return MODEL_WARNINGS.some(([start, end]) => t.startsWith(start) && t.trimEnd().endsWith(end));
  }
  // Every other form opens with a tag.
  if (!t.startsWith('<')) return false;
  if (t.startsWith('<INSTRUCTIONS>')) return true;
  for (const opening of CONTEXT_OPENINGS) if (t.startsWith(opening)) return true;
  return GENERIC_CONTEXT.test(t);
}

/** 0.169 marks each content item's provenance; anything not from the user is injected. */
export function hasNonUserProvenance(item: Record<string, unknown>): boolean {
  const passthrough = item.internal_chat_message_metadata_passthrough;
  if (typeof passthrough !== 'object' || passthrough === null) return false;
  const metadata = (passthrough as Record<string, unknown>).content_item_metadata;
  if (!Array.isArray(metadata) || metadata.length === 0) return false;
  return metadata.every((m) => {
    const provenance = (m as { provenance?: { type?: unknown } } | null)?.provenance;
    return typeof provenance?.type === 'string' && provenance.type !== 'user';
  });
}

function describeImage(url: unknown, cuts: CutLookup): { mime: string; bytes: number } {
  if (typeof url !== 'string') return { mime: 'image/unknown', bytes: 0 };
  const cut = cuts(url);
  const size = cut ? cut.bytes : url.length;
  const data = /^data:([^;,]+)(;base64)?,/.exec(url);
  if (!data) return { mime: 'image/url', bytes: 0 };
  const payload = Math.max(0, size - data[0].length);
  return { mime: data[1] as string, bytes: data[2] ? Math.floor((payload * 3) / 4) : payload };
}

/** Joins the text parts of message content; images become `{mime, bytes}`, never their data. */
export function extractContent(content: unknown, cuts: CutLookup): ExtractedText {
  const images: ExtractedText['images'] = [];
  let cutBytes: number | null = null;
  const texts: string[] = [];
  const noteCut = (value: string) => {
    const cut = cuts(value);
    if (cut) cutBytes = Math.max(cutBytes ?? 0, cut.bytes);
  };
  if (typeof content === 'string') {
    noteCut(content);
    return { text: content, images, cutBytes };
  }
  if (!Array.isArray(content)) return { text: '', images, cutBytes };
  for (const part of content) {
    if (typeof part === 'string') {
      texts.push(part);
      noteCut(part);
      continue;
    }
    if (typeof part !== 'object' || part === null) continue;
    const p = part as Record<string, unknown>;
    if (typeof p.image_url === 'string' || p.type === 'input_image' || p.type === 'image') {
      images.push(describeImage(p.image_url ?? p.url, cuts));
      continue;
    }
    if (typeof p.text === 'string') {
      texts.push(p.text);
      noteCut(p.text);
    }
  }
  return { text: texts.join('\n'), images, cutBytes };
}

/** Images attached to a `user_message` event (data URLs). */
export function describeImages(
  images: unknown[] | null | undefined,
  cuts: CutLookup,
): ExtractedText['images'] {
  return (images ?? []).map((url) => describeImage(url, cuts));
}

/**
 * Key that matches the same message written twice (response item and event), even when cut: a 52-bit
 * hash (two FNV-1a-style lanes, the second stirred by the first) of role, kind and the text's first 200
 * characters, blanks folded. A hash, not text: keys are kept in the scan checkpoint, which must not hold
 * what the person wrote. Not a cryptographic one: a digest per message cost more than the rest of it.
 */
export function dedupeKey(role: string, kind: string, text: string): string {
  let low = 0x811c9dc5;
  let high = 0xcbf29ce4;
  const prefix = `${role}|${kind}|`;
  for (let i = 0; i < prefix.length; i++) {
    low = Math.imul(low ^ prefix.charCodeAt(i), 0x01000193);
    high = Math.imul(high ^ (prefix.charCodeAt(i) + (low >>> 24)), 0x01000193);
  }
  // The first 200 characters of the text with leading and trailing blanks dropped and runs of blanks
  // folded to one space, hashed as they are read (only the first 400 characters are looked at).
  const end = Math.min(text.length, 400);
  let kept = 0;
  let blank = false;
  for (let i = 0; i < end && kept < 200; i++) {
    let code = text.charCodeAt(i);
    if (isBlank(code)) {
      blank = kept > 0;
      continue;
    }
    if (blank) {
      blank = false;
      code = 0x20;
      i--;
    }
    low = Math.imul(low ^ code, 0x01000193);
    high = Math.imul(high ^ (code + (low >>> 24)), 0x01000193);
    kept++;
  }
  return `${(high >>> 12).toString(36)}.${(low >>> 0).toString(36)}`;
}

/** What `\s` matches: ASCII blanks, NBSP, line and paragraph separators, BOM and the Unicode spaces. */
function isBlank(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The first line of what the person typed, at most 120 characters. */
export function makeTitle(text: string): string {
  const line = text.trim().split('\n', 1)[0]?.trim() ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
