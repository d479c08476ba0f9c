import type { CountRow } from '../../analytics/types.js';
import { OUTCOMES, SATISFACTION, type SessionFacets } from './facet-contract.js';

/** The facets counted: what the page charts and the writer reads beside each session's own facets. */
export interface FacetSummary {
  sessions_with_facets: number;
  sessions_without_facets: number;
  /** Sessions by what the person wanted. */
  goal_categories: CountRow[];
  /** Sessions by outcome, in the order achieved, partly, not, unclear. */
  outcomes: CountRow[];
  satisfaction: CountRow[];
  session_types: CountRow[];
  /** Sessions with at least one friction of each kind (a session counts once per kind). */
  friction_kinds: CountRow[];
  /** Sessions without facets, by why. */
  missing_by_reason: CountRow[];
  /** Sessions without facets and why (at most 50 listed). */
  missing: { id: string; reason: string }[];
}

function count(values: string[], order?: readonly string[]): CountRow[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const rows = [...counts].map(([name, n]) => ({ name, count: n }));
  if (order) return rows.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return rows.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function summarizeFacets(
  facets: Map<string, SessionFacets>,
  missing: { id: string; reason: string }[],
): FacetSummary {
  const all = [...facets.values()];
  return {
    sessions_with_facets: all.length,
    sessions_without_facets: missing.length,
    goal_categories: count(all.map((f) => f.goal_category)),
    outcomes: count(
      all.map((f) => f.outcome),
      OUTCOMES,
    ),
    satisfaction: count(
      all.map((f) => f.satisfaction),
      SATISFACTION,
    ),
    session_types: count(all.map((f) => f.session_type)),
    friction_kinds: count(all.flatMap((f) => [...new Set(f.friction.map((item) => item.kind))])),
    missing_by_reason: count(missing.map((item) => item.reason)),
    missing: missing.slice(0, 50),
  };
}
