/**
 * Search against `grep -rlF` on the same store, in the same run, page cache warm for both: recall (every session
 * grep finds must be found, for text outside secrets) and time. grep is given every spelling the text can have
 * in the JSON of a rollout (the same spellings the search reads for), so text with quotes, tabs or non-ASCII is
 * compared fairly; a query that only occurs inside an API key must find nothing, though grep finds its files.
 */
import { basename, join } from 'node:path';
import { runCli } from './measure.js';
import { grepFiles } from './peers.js';

type LiteralPatterns = typeof import('../src/sessions/search/literal-patterns.js');
const { literalPatterns } = (await import(
  new URL('../dist/sessions/search/literal-patterns.js', import.meta.url).href
)) as LiteralPatterns;

export interface SearchQuery {
  text: string;
  /** What the query is, for the printout. */
  label: string;
  /** Only inside a secret: the search must find none of grep's sessions. */
  secret?: boolean;
}

export interface SearchFigure {
  query: SearchQuery;
  grepMs: number[];
  oursMs: number[];
  grepSessions: number;
  found: number;
  /** Of grep's sessions, how many the search found. */
  recalled: number;
  /** Found by the search but not by grep (the index matches words, stems included, anywhere in an entry). */
  extra: number;
  oursRss: number | null;
}

const idOf = (path: string) => /([0-9a-f-]{36})\.jsonl?$/.exec(basename(path))?.[1] ?? path;

export function measureSearches(
  codexHome: string,
  cacheDir: string,
  stateDir: string,
  queries: SearchQuery[],
  rounds: number,
): SearchFigure[] {
  const figures = queries.map(
    (query) => ({ query, grepMs: [] as number[], oursMs: [] as number[] }) as SearchFigure,
  );
  for (let round = 0; round < rounds; round++) {
    for (const figure of figures) {
      const spellings = literalPatterns(figure.query.text).map((p) => p.toString('utf8'));
      const grep = grepFiles(join(codexHome, 'sessions'), spellings);
      const ours = runCli(codexHome, cacheDir, stateDir, ['--search', figure.query.text]);
      figure.grepMs.push(grep.ms);
      figure.oursMs.push(ours.ms);
      const expected = new Set(grep.files.map(idOf));
      const found = new Set((JSON.parse(ours.stdout) as { id: string }[]).map((s) => s.id));
      figure.grepSessions = expected.size;
      figure.found = found.size;
      figure.recalled = [...expected].filter((id) => found.has(id)).length;
      figure.extra = [...found].filter((id) => !expected.has(id)).length;
      figure.oursRss = Math.max(figure.oursRss ?? 0, ours.maxRssBytes ?? 0) || null;
    }
  }
  return figures;
}
