import type { IndexDb } from './index-db.js';

/** The best match of a search in one rollout file. */
export interface FileMatch {
  fileId: number;
  /** bm25 of the best matching doc: lower is better. */
  score: number;
  /** How many docs of the file matched. */
  hits: number;
  docId: number;
  kind: string;
  role: string;
  /** The rollout line of the best matching doc's entry. */
  line: number;
}

const TERM = /"([^"]*)"?|(\S+)/g;

/**
 * Turns what a person typed into an FTS5 query that cannot be a syntax error: `"quoted phrases"` stay
 * phrases, other words become quoted terms (all must match), a trailing `*` asks for a prefix.
 * Returns null when nothing searchable is left.
 */
export function buildFtsQuery(input: string): string | null {
  const terms: string[] = [];
  for (const match of input.matchAll(TERM)) {
    const phrase = match[1];
    const word = match[2];
    if (phrase !== undefined) {
      if (hasTokenChars(phrase)) terms.push(quote(phrase));
    } else if (word !== undefined) {
      const prefix = word.length > 1 && word.endsWith('*');
      const body = prefix ? word.slice(0, -1) : word;
      if (hasTokenChars(body)) terms.push(prefix ? `${quote(body)}*` : quote(body));
    }
  }
  return terms.length > 0 ? terms.join(' ') : null;
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function hasTokenChars(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** Searches the index and keeps each file's best doc, best file first. */
export function matchFiles(db: IndexDb, ftsQuery: string): FileMatch[] {
  const best = new Map<number, FileMatch>();
  for (const hit of db.searchDocs(ftsQuery)) {
    const seen = best.get(hit.fileId);
    if (seen) seen.hits += 1;
    else best.set(hit.fileId, { ...hit, hits: 1 });
  }
  return [...best.values()].sort((a, b) => a.score - b.score);
}
