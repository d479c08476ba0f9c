import { compileTriggers, type Trigger } from './triggers.js';
import type { CredentialKind, CredentialSpan, Detector } from './types.js';
import { TOKEN_PATTERNS, type TokenPattern } from './vendor-tokens.js';

function toTrigger(trigger: string | Trigger): Trigger {
  return typeof trigger === 'string' ? { literal: trigger } : trigger;
}

/** Per pattern, whether one of its own triggers occurs: a literal search, or a small regex for a tailed one. */
const HAS_TRIGGER = new Map(
  TOKEN_PATTERNS.map((pattern) => {
    const checks = pattern.triggers.map((t): ((text: string) => boolean) => {
      if (typeof t === 'string') return (text) => text.includes(t);
      const regex = compileTriggers([t]);
      return (text) => regex.test(text);
    });
    return [pattern, (text: string) => checks.some((check) => check(text))];
  }),
);

/** `AKIAXXXXXXXXXXXXXXXX`, `ghp_000…`: a body of a few repeated characters is a placeholder, not a key. */
function isVaried(secret: string): boolean {
  return new Set(secret.slice(4, 68)).size >= 5;
}

function runPattern(pattern: TokenPattern, text: string, found: CredentialSpan[]): void {
  if (!HAS_TRIGGER.get(pattern)!(text)) return;
  const regex = pattern.regex;
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    let start = m.index;
    let end = start + m[0].length;
    if (pattern.group !== undefined) {
      const range = m.indices?.[pattern.group];
      if (!range) continue;
      [start, end] = range;
    }
    // A rejected run is skipped whole (lastIndex is already past it): its substrings fail the same test.
    const secret = text.slice(start, end);
    if (!isVaried(secret) || (pattern.accept && !pattern.accept(secret))) continue;
    found.push({ kind: pattern.kind, start, end });
  }
}

/** What any token pattern starts from; part of the one-pass scan of find-credentials.ts. */
export const TOKEN_TRIGGERS: Trigger[] = TOKEN_PATTERNS.flatMap((p) => p.triggers.map(toTrigger));
const ANY_TRIGGER = compileTriggers(TOKEN_TRIGGERS);

export const detectTokens: Detector = (text, found) => {
  if (!ANY_TRIGGER.test(text)) return;
  for (const pattern of TOKEN_PATTERNS) runPattern(pattern, text, found);
};

/** Kinds in order of specificity: when spans overlap, the earliest-listed kind names the merged span. */
export const TOKEN_KINDS: CredentialKind[] = [...new Set(TOKEN_PATTERNS.map((p) => p.kind))];
