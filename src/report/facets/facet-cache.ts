import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ID_PATTERNS } from '../../ids.js';
import { fingerprintFile } from '../../sessions/read/fingerprint.js';
import { PARSER_VERSION } from '../../sessions/scan/parser-version.js';
import { writeFileAtomic } from '../write-files.js';
import { type SessionFacets, sessionFacetsSchema } from './facet-contract.js';

/**
 * `${usage dir}/facets/<session_id>.json`: the facets Codex wrote for one session, kept with what they were
 * written from. They are used again only while the rollout is the same (its size and a fingerprint of its first
 * and last bytes), read by the same parser, and the digest and contract are the same version.
 */

/** Bump when the digest or the facet contract changes: facets written from another version are written again. */
const FACETS_VERSION = 1;

const keySchema = z.strictObject({
  size: z.number(),
  fingerprint: z.string(),
  parser_version: z.number(),
  facets_version: z.number(),
});

export type FacetKey = z.infer<typeof keySchema>;

const cachedSchema = z.looseObject({
  session_id: z.string(),
  key: keySchema,
  facets: sessionFacetsSchema,
});

/** The key of a rollout as it is on disk now; null when it cannot be read (then nothing is cached for it). */
export async function computeFacetKey(rolloutPath: string): Promise<FacetKey | null> {
  try {
    const { size } = await stat(rolloutPath);
    const fingerprint = fingerprintFile(rolloutPath, size);
    if (!fingerprint) return null;
    return { size, fingerprint, parser_version: PARSER_VERSION, facets_version: FACETS_VERSION };
  } catch {
    return null;
  }
}

/** The cache file of a session: its id when it is a plain session id, else a hash (an id never makes a path). */
export function facetFileName(sessionId: string): string {
  if (ID_PATTERNS.session.test(sessionId)) return `${sessionId}.json`;
  return `id-${createHash('sha256').update(sessionId).digest('hex').slice(0, 32)}.json`;
}

function sameKey(a: FacetKey, b: FacetKey): boolean {
  return (
    a.size === b.size &&
    a.fingerprint === b.fingerprint &&
    a.parser_version === b.parser_version &&
    a.facets_version === b.facets_version
  );
}

/** Cached facets for this session and key, or null (none, another key, or a file that does not read). */
export async function readCachedFacets(
  facetsDir: string,
  sessionId: string,
  key: FacetKey,
): Promise<SessionFacets | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(facetsDir, facetFileName(sessionId)), 'utf8'));
  } catch {
    return null;
  }
  const parsed = cachedSchema.safeParse(value);
  if (!parsed.success || parsed.data.session_id !== sessionId || !sameKey(parsed.data.key, key)) return null;
  return parsed.data.facets;
}

export async function writeCachedFacets(
  facetsDir: string,
  sessionId: string,
  key: FacetKey,
  facets: SessionFacets,
  info: { written_at: string; thread_id: string },
): Promise<void> {
  const record = { schema_version: 1, session_id: sessionId, key, ...info, facets };
  await writeFileAtomic(join(facetsDir, facetFileName(sessionId)), `${JSON.stringify(record, null, 2)}\n`);
}
