import { type CredentialSpan, findCredentials } from '../../redact/index.js';
import type { SnippetSegment } from '../types.js';
import { addSegment, bracketed } from './snippet.js';

/**
 * Whether a decoded text holds a query where a person would see it: an occurrence that overlaps a secret is
 * masked in every view, so it does not count. Long texts (whole tool outputs of megabytes) are checked in a
 * window around each occurrence rather than redacted whole.
 */

/** Texts up to this length are redacted whole. */
const WHOLE_TEXT = 64 * 1024;
/** Text kept on each side of an occurrence when redacting a window: longer than any secret but a key block. */
const MARGIN = 16 * 1024;
/** How far a window's start may move back to reach the start of a line, so no secret begins outside it. */
const ALIGN = 64 * 1024;
/** Occurrences looked at per text before it counts as masked (each is a window to redact). */
const MAX_OCCURRENCES = 1000;
const SNIPPET_SIDE = 80;

export interface TextMatch {
  /** The text around the occurrence, secrets masked, the occurrence in [brackets]. */
  snippet: string;
  /** The same text in parts, the occurrence flagged. */
  segments: SnippetSegment[];
}

export function findVisible(text: string, query: string): TextMatch | null {
  let at = text.indexOf(query);
  if (at < 0) return null;
  // A private key block has no bound on its length: only redacting the whole text finds where it ends.
  let whole: SecretWindow | null = null;
  const wholeText = (): SecretWindow => {
    whole ??= { start: 0, spans: findCredentials(text) };
    return whole;
  };
  const redactWhole = text.length <= WHOLE_TEXT || text.includes('PRIVATE KEY');
  for (let seen = 0; at >= 0 && seen < MAX_OCCURRENCES; seen++) {
    const window = redactWhole ? wholeText() : (secretsAround(text, at, at + query.length) ?? wholeText());
    if (!overlaps(window.spans, at - window.start, at - window.start + query.length)) {
      const segments = buildSnippet(text, at, query.length, window.start, window.spans);
      return { snippet: bracketed(segments), segments };
    }
    at = text.indexOf(query, at + 1);
  }
  return null;
}

/** Secrets found in a part of a text: positions relative to where the part starts. */
interface SecretWindow {
  start: number;
  spans: CredentialSpan[];
}

/** Secrets of a window around [from, to) that starts at a line start; null when no line starts near enough. */
function secretsAround(text: string, from: number, to: number): SecretWindow | null {
  const start = lineStartBefore(text, Math.max(0, from - MARGIN));
  if (start < 0) return null;
  const end = Math.min(text.length, to + MARGIN);
  return { start, spans: findCredentials(text.slice(start, end)) };
}

/** The start of the line holding `at`, looking back at most ALIGN characters; -1 when there is none so close. */
function lineStartBefore(text: string, at: number): number {
  if (at === 0) return 0;
  const newline = text.lastIndexOf('\n', at);
  if (newline >= 0 && at - newline <= ALIGN) return newline + 1;
  return at <= ALIGN ? 0 : -1;
}

function overlaps(spans: CredentialSpan[], from: number, to: number): boolean {
  return spans.some((span) => span.start < to && span.end > from);
}

/** About 80 characters each side, every secret in view masked as the redaction would mask it. */
function buildSnippet(
  text: string,
  at: number,
  length: number,
  windowStart: number,
  spans: CredentialSpan[],
): SnippetSegment[] {
  const from = Math.max(windowStart, at - SNIPPET_SIDE);
  const to = Math.min(text.length, at + length + SNIPPET_SIDE);
  const masked = (a: number, b: number) => {
    let out = '';
    let cursor = a;
    for (const span of spans) {
      const start = span.start + windowStart;
      const end = span.end + windowStart;
      if (end <= cursor || start >= b) continue;
      out += `${text.slice(cursor, Math.max(cursor, start))}[REDACTED:${span.kind}]`;
      cursor = Math.min(b, end);
    }
    return out + text.slice(cursor, b);
  };
  const before = masked(from, at);
  const after = masked(at + length, to);
  const segments: SnippetSegment[] = [];
  addSegment(segments, `${from > 0 ? '…' : ''}${before}`, false);
  addSegment(segments, text.slice(at, at + length), true);
  addSegment(segments, `${after}${to < text.length ? '…' : ''}`, false);
  return segments;
}
