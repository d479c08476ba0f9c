import type { Detector, SecretSpan } from './types.js';

/**
 * Credentials with a recognisable shape. Each pattern starts at the beginning of a token run
 * (lookbehind instead of `\b`, so `-` and `_` inside a run never start a new attempt): every
 * character is examined a bounded number of times, even on megabytes of near-misses.
 */
interface TokenPattern {
  kind: string;
  /** Cheap literal pre-checks: the regex runs only when one of them occurs in the text. */
  triggers: string[];
  regex: RegExp;
  /** Capture group holding the secret (default: the whole match). */
  group?: number;
  accept?: (secret: string) => boolean;
}

const START = '(?<![A-Za-z0-9_-])';
const END = '(?![A-Za-z0-9_-])';

const hasDigit = (s: string): boolean => /\d/.test(s);
const hasMixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);

const PATTERNS: TokenPattern[] = [
  {
    kind: 'anthropic_key',
    triggers: ['sk-ant-'],
    regex: new RegExp(`${START}sk-ant-[A-Za-z0-9_-]{20,}`, 'g'),
    accept: hasDigit,
  },
  {
    kind: 'openai_key',
    triggers: ['sk-'],
    regex: new RegExp(`${START}sk-(?!ant-)[A-Za-z0-9_-]{20,}`, 'g'),
    // Real keys are random base62: digits and both cases. Hyphenated words like `sk-some-long-name` are not keys.
    accept: (s) => hasDigit(s) && hasMixedCase(s),
  },
  {
    kind: 'github_token',
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    regex: new RegExp(`${START}(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})`, 'g'),
  },
  {
    kind: 'gitlab_token',
    triggers: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glsoat-'],
    regex: new RegExp(`${START}gl(?:pat|dt|ptt|rt|soat)-[A-Za-z0-9_-]{20,}`, 'g'),
  },
  {
    kind: 'slack_token',
    triggers: ['xox', 'xapp-'],
    regex: new RegExp(`${START}(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\\d-[A-Za-z0-9-]{10,})`, 'g'),
    accept: hasDigit,
  },
  {
    kind: 'slack_webhook',
    triggers: ['hooks.slack.com/'],
    regex: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9_/-]{20,})/dg,
    group: 1,
  },
  {
    kind: 'stripe_key',
    triggers: ['_live_', '_test_'],
    regex: new RegExp(`${START}(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}`, 'g'),
  },
  {
    kind: 'google_api_key',
    triggers: ['AIza'],
    regex: new RegExp(`${START}AIza[A-Za-z0-9_-]{35}${END}`, 'g'),
  },
  {
    kind: 'npm_token',
    triggers: ['npm_'],
    regex: new RegExp(`${START}npm_[A-Za-z0-9]{36}${END}`, 'g'),
    accept: hasDigit,
  },
  {
    kind: 'aws_access_key_id',
    triggers: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    kind: 'jwt',
    triggers: ['eyJ'],
    regex: new RegExp(`${START}(eyJ[A-Za-z0-9_-]{6,})\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*`, 'g'),
    accept: hasJwtHeader,
  },
  {
    kind: 'bearer_token',
    triggers: ['Bearer', 'bearer'],
    regex: /(?<![A-Za-z0-9_])[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{8,}=*)/dg,
    group: 1,
    // "bearer authentication" in prose is not a token: require a digit, or length with mixed case.
    accept: (s) => hasDigit(s) || (s.length >= 20 && hasMixedCase(s)),
  },
];

/** A JWT's first part is base64url JSON naming its signing algorithm. */
function hasJwtHeader(token: string): boolean {
  const header = token.slice(0, token.indexOf('.'));
  try {
    const parsed: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return (
      typeof parsed === 'object' && parsed !== null && typeof (parsed as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

function runPattern(pattern: TokenPattern, text: string, found: SecretSpan[]): void {
  if (!pattern.triggers.some((t) => text.includes(t))) return;
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
    if (pattern.accept && !pattern.accept(text.slice(start, end))) continue;
    found.push({ kind: pattern.kind, start, end });
  }
}

/** One scan for every trigger: most text holds none, and then no pattern runs at all. */
const ANY_TRIGGER = new RegExp(
  [...new Set(PATTERNS.flatMap((p) => p.triggers))]
    .map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
);

export const detectTokens: Detector = (text, found) => {
  if (!ANY_TRIGGER.test(text)) return;
  for (const pattern of PATTERNS) runPattern(pattern, text, found);
};

/** Kinds in order of specificity: when spans overlap, the earliest-listed kind names the merged span. */
export const TOKEN_KINDS = PATTERNS.map((p) => p.kind);
