/**
 * Credential detection and masking, used by every output path and by the proposal check.
 * `findCredentials` says where each credential is and what kind it is; `redactText` and `redactDeep` mask
 * what it finds, and `redactHead` the start of a text that was cut. (`findSecrets` and `SecretSpan` are the
 * earlier names of `findCredentials` and `CredentialSpan`.)
 */
export { findCredentials, findCredentials as findSecrets } from './find-credentials.js';
export { redactDeep, redactHead, redactText } from './redact.js';
export type { CredentialKind, CredentialSpan, SecretSpan } from './types.js';
