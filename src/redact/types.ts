/**
 * Every kind of credential the detector names. Redacted text shows it as `[REDACTED:<kind>]`; a check that
 * refuses a credential can name it. Vendor shapes come first, then values named by what holds them.
 */
export type CredentialKind =
  | 'private_key'
  | 'anthropic_key'
  | 'openai_key'
  | 'github_token'
  | 'gitlab_token'
  | 'slack_token'
  | 'slack_webhook'
  | 'stripe_key'
  | 'webhook_secret'
  | 'google_api_key'
  | 'google_oauth_secret'
  | 'google_oauth_token'
  | 'huggingface_token'
  | 'sendgrid_key'
  | 'npm_token'
  | 'pypi_token'
  | 'docker_hub_token'
  | 'digitalocean_token'
  | 'shopify_token'
  | 'twilio_key'
  | 'twilio_account'
  | 'azure_key'
  | 'aws_access_key_id'
  | 'jwt'
  | 'aws_secret_key'
  | 'url_password'
  | 'password'
  | 'authorization'
  | 'bearer_token'
  | 'secret';

/** A credential found in text: `[start, end)` in UTF-16 code units, the value only (names and schemes stay). */
export interface CredentialSpan {
  kind: CredentialKind;
  start: number;
  end: number;
}

/** The earlier name of `CredentialSpan`: code written against it keeps working. */
export type SecretSpan = CredentialSpan;

/** A detector appends every span it finds; overlaps are resolved by the caller. */
export type Detector = (text: string, found: CredentialSpan[]) => void;
