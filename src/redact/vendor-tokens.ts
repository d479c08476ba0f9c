import type { Trigger } from './triggers.js';
import type { CredentialKind } from './types.js';

/**
 * Credentials with a recognisable shape, most of them a vendor's prefix and a random body. Each pattern
 * starts at the beginning of a token run (lookbehind instead of `\b`, so `-` and `_` inside a run never
 * start a new attempt): every character is examined a bounded number of times, even on megabytes of
 * near-misses. Listed in order of specificity: when spans overlap, the earlier kind names the result.
 */
export interface TokenPattern {
  kind: CredentialKind;
  /** Cheap pre-checks: the regex runs only when one of them occurs in the text. */
  triggers: (string | Trigger)[];
  regex: RegExp;
  /** Capture group holding the secret (default: the whole match). */
  group?: number;
  accept?: (secret: string) => boolean;
}

const START = '(?<![A-Za-z0-9_-])';
const END = '(?![A-Za-z0-9_-])';

const hasDigit = (s: string): boolean => /\d/.test(s);
const hasMixedCase = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);
/** 32 random hex digits hold both letters and digits (all but one in ~10^5). */
const hasHexLetterAndDigit = (s: string): boolean => /[a-f]/.test(s.slice(2)) && hasDigit(s);

export const TOKEN_PATTERNS: TokenPattern[] = [
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
    // Secret and restricted keys, live or test (a test key still reads and writes the account's test data).
    // Publishable keys (`pk_live_…`) are made to be embedded in web pages and are left alone.
    kind: 'stripe_key',
    triggers: ['_live_', '_test_'],
    regex: new RegExp(`${START}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}`, 'g'),
  },
  {
    // Stripe's webhook signing secrets (other webhook senders use the same prefix).
    kind: 'webhook_secret',
    triggers: ['whsec_'],
    regex: new RegExp(`${START}whsec_[A-Za-z0-9+/=]{24,}`, 'g'),
    accept: hasDigit,
  },
  {
    kind: 'google_api_key',
    triggers: ['AIza'],
    regex: new RegExp(`${START}AIza[A-Za-z0-9_-]{35}${END}`, 'g'),
  },
  {
    kind: 'google_oauth_secret',
    triggers: ['GOCSPX-'],
    regex: new RegExp(`${START}GOCSPX-[A-Za-z0-9_-]{24,40}${END}`, 'g'),
  },
  {
    kind: 'google_oauth_token',
    triggers: ['ya29.'],
    regex: new RegExp(`${START}ya29\\.[A-Za-z0-9_-]{30,}`, 'g'),
    accept: hasDigit,
  },
  {
    // 34 random letters (digits too, in newer tokens): `hf_hub_download` and other names hold underscores.
    kind: 'huggingface_token',
    triggers: ['hf_'],
    regex: new RegExp(`${START}hf_[A-Za-z0-9]{30,}(?![A-Za-z0-9_])`, 'g'),
    accept: hasMixedCase,
  },
  {
    kind: 'sendgrid_key',
    triggers: ['SG.'],
    regex: new RegExp(`${START}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{30,64}${END}`, 'g'),
  },
  {
    kind: 'npm_token',
    triggers: ['npm_'],
    regex: new RegExp(`${START}npm_[A-Za-z0-9]{36}${END}`, 'g'),
    accept: hasDigit,
  },
  {
    // An upload token is a macaroon whose first bytes name the index that issued it (pypi.org, test.pypi.org).
    kind: 'pypi_token',
    triggers: ['pypi-AgE'],
    regex: new RegExp(`${START}pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{40,}`, 'g'),
  },
  {
    kind: 'docker_hub_token',
    triggers: ['dckr_'],
    regex: new RegExp(`${START}dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}`, 'g'),
  },
  {
    kind: 'digitalocean_token',
    triggers: ['_v1_'],
    regex: new RegExp(`${START}do[opr]_v1_[a-f0-9]{64}${END}`, 'g'),
  },
  {
    kind: 'shopify_token',
    triggers: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    regex: new RegExp(`${START}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${END}`, 'g'),
  },
  {
    // API key SIDs: `SK` and 32 lowercase hex digits. The secret that goes with one is caught by its name.
    kind: 'twilio_key',
    triggers: [{ literal: 'SK', tail: '[0-9a-f]{32}' }],
    regex: /(?<![A-Za-z0-9_-])SK[0-9a-f]{32}(?![A-Za-z0-9_-])/g,
    accept: hasHexLetterAndDigit,
  },
  {
    // Account SIDs name the account an auth token opens; they travel beside the token, half of the pair.
    kind: 'twilio_account',
    triggers: [{ literal: 'AC', tail: '[0-9a-f]{32}' }],
    regex: /(?<![A-Za-z0-9_-])AC[0-9a-f]{32}(?![A-Za-z0-9_-])/g,
    accept: hasHexLetterAndDigit,
  },
  {
    // Storage and Service Bus connection strings: the key goes, the account name and endpoint stay.
    kind: 'azure_key',
    triggers: ['AccountKey=', 'SharedAccessKey='],
    regex: /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2})/dg,
    group: 1,
  },
  {
    // The signature of a shared access signature URL (`…?sv=…&sig=…`): without it the URL opens nothing.
    kind: 'azure_key',
    triggers: ['sig='],
    regex: /[?&;]sig=([A-Za-z0-9%+/]{30,}(?:=|%3[Dd]){0,2})/dg,
    group: 1,
    accept: (s) => hasDigit(s) && hasMixedCase(s),
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
