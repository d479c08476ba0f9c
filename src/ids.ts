import { randomBytes } from 'node:crypto';
import { RetroError } from './errors.js';

/**
 * Every id that reaches a file path is checked against one of these before use.
 * Codex session ids are UUIDs (v4 in older releases, v7 in newer ones).
 */
export const ID_PATTERNS = {
  session: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  job: /^job-\d{8}T\d{9}Z-[0-9a-f]{8}$/,
  proposal: /^prop-\d{8}T\d{9}Z-[0-9a-f]{8}$/,
  /** An insight artifact: the session it belongs to and the timestamp its files are named after. */
  artifact: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}~\d{8}T\d{9}Z$/,
  timestamp: /^\d{8}T\d{9}Z$/,
} as const;

export type IdKind = keyof typeof ID_PATTERNS;

/** Throws a 400-class error unless `value` is a well-formed id of `kind`. */
export function assertId(kind: IdKind, value: string): string {
  if (!ID_PATTERNS[kind].test(value)) {
    throw new RetroError('invalid_id', `"${value.slice(0, 80)}" is not a valid ${kind} id.`, { status: 400 });
  }
  return value;
}

/** `20261122T031500123Z`: sortable, safe in file names, unique to the millisecond. */
export function compactTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function newId(prefix: string, date: Date): string {
  return `${prefix}-${compactTimestamp(date)}-${randomBytes(4).toString('hex')}`;
}

export function newJobId(date: Date = new Date()): string {
  return newId('job', date);
}

export function newProposalId(date: Date = new Date()): string {
  return newId('prop', date);
}

export function artifactId(sessionId: string, timestamp: string): string {
  return `${sessionId}~${timestamp}`;
}

export function parseArtifactId(id: string): { sessionId: string; timestamp: string } {
  assertId('artifact', id);
  const [sessionId, timestamp] = id.split('~') as [string, string];
  return { sessionId, timestamp };
}
