/**
 * Credential detection and masking, used by every output path and by the proposal check.
 * `findCredentials` says where each credential is and what kind it is; `redactText` and `redactDeep` mask
 * what it finds, and `redactHead` the start of a text that was cut.
 */
export { findCredentials } from './find-credentials.js';
export { redactDeep, redactHead, redactText } from './redact.js';
export type { CredentialKind, CredentialSpan } from './types.js';
