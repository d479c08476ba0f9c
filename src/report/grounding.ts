import type { InsightEvidence } from './evidence.js';
import type { Insights } from './writer-contract.js';

/**
 * What makes the narrative true to its evidence, beyond the JSON Schema: every cited id is a session of the
 * bundle, an area's session count is the sessions it lists, no count stated in the text is larger than the
 * bundle's, and there is something to copy unless the evidence is too thin (and the answer says so).
 */

export interface GroundingFacts {
  /** The sessions a claim may cite: `sessions[].id` of the bundle. */
  sessionIds: string[];
  /** Upper bounds of what a sentence may count. */
  totals: { sessions: number; tool_calls: number; messages: number };
  thin: boolean;
}

export interface GroundingProblem {
  path: (string | number)[];
  message: string;
}

export function groundingFactsOf(evidence: InsightEvidence): GroundingFacts {
  const h = evidence.headline;
  return {
    sessionIds: evidence.sessions.map((session) => session.id),
    totals: {
      sessions: Math.max(evidence.coverage.sessions_found, evidence.coverage.sessions_analyzed),
      tool_calls: h?.tool_calls ?? 0,
      messages: (h?.user_messages ?? 0) + (h?.assistant_messages ?? 0),
    },
    thin: evidence.coverage.thin_evidence === true,
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** "12 sessions", "3 failed tool calls", "1,204 messages": a number, up to two words, then what it counts. */
const STATED_COUNT =
  /(?<![\d.,])\b(\d{1,3}(?:,\d{3})+|\d+)\s+((?:[a-z'’-]+\s+){0,2}?)(sessions?|tool calls?|messages?)\b/gi;
/** Words that make the number count something else: "7 days of sessions", "3 per hour across sessions". */
const NOT_A_COUNT =
  /\b(of|per|in|across|over|from|for|with|and|or|to|at|a|an|day|days|week|weeks|hours?|minutes?|months?|years?|times?)\b/i;

type Visit = (value: unknown, path: (string | number)[]) => void;

function walk(value: unknown, path: (string | number)[], visit: Visit): void {
  visit(value, path);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walk(item, [...path, i], visit);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walk(item, [...path, key], visit);
  }
}

function checkCitations(insights: Insights, known: Set<string>, out: GroundingProblem[]): void {
  const strangers = new Set<string>();
  walk(insights, [], (value, path) => {
    if (path.at(-2) === 'evidence' && typeof value === 'string' && !known.has(value.toLowerCase())) {
      out.push({
        path,
        message: `Cites "${value.slice(0, 60)}", which is not a session id of the evidence bundle; cite ids from sessions[].id.`,
      });
    } else if (typeof value === 'string') {
      for (const match of value.matchAll(UUID)) {
        if (!known.has(match[0].toLowerCase())) strangers.add(match[0].toLowerCase());
      }
    }
  });
  if (strangers.size > 0) {
    out.push({
      path: [],
      message: `Mentions session ids that are not in the evidence bundle: ${[...strangers].slice(0, 10).join(', ')}. Mention only ids listed in the evidence.`,
    });
  }
}

function checkAreaCounts(insights: Insights, facts: GroundingFacts, out: GroundingProblem[]): void {
  insights.project_areas.areas.forEach((area, i) => {
    const listed = new Set(area.evidence.map((id) => id.toLowerCase())).size;
    if (area.session_count !== listed) {
      out.push({
        path: ['project_areas', 'areas', i, 'session_count'],
        message: `Area "${area.name.slice(0, 60)}" says ${area.session_count} sessions but its evidence lists ${listed}; list every session of the area and count them.`,
      });
    } else if (area.session_count > facts.totals.sessions) {
      out.push({
        path: ['project_areas', 'areas', i, 'session_count'],
        message: `Area "${area.name.slice(0, 60)}" counts ${area.session_count} sessions; the bundle has ${facts.totals.sessions}.`,
      });
    }
  });
}

function checkStatedCounts(insights: Insights, facts: GroundingFacts, out: GroundingProblem[]): void {
  walk(insights, [], (value, path) => {
    if (typeof value !== 'string' || path.at(-2) === 'evidence') return;
    for (const match of value.matchAll(STATED_COUNT)) {
      if (NOT_A_COUNT.test(match[2] ?? '')) continue;
      const stated = Number((match[1] ?? '').replaceAll(',', ''));
      const noun = (match[3] ?? '').toLowerCase();
      const [what, total] = noun.startsWith('session')
        ? ['sessions', facts.totals.sessions]
        : noun.startsWith('tool')
          ? ['tool calls', facts.totals.tool_calls]
          : ['messages', facts.totals.messages];
      if (stated > total) {
        out.push({
          path,
          message: `States "${match[0]}", but the bundle has ${total} ${what} in all; state only counts the evidence shows.`,
        });
      }
    }
  });
}

/** An empty list is allowed only when the evidence is thin and the answer says why. */
function requireItems(
  list: { count: number; path: string[]; what: string },
  whyNone: { text: string; path: string[] },
  facts: GroundingFacts,
  out: GroundingProblem[],
): void {
  if (list.count > 0) return;
  const where = list.path.join('.');
  if (!facts.thin) {
    out.push({
      path: list.path,
      message: `${where} is empty, but the evidence is enough for at least one ${list.what}; write one from it.`,
    });
  } else if (whyNone.text.trim() === '') {
    out.push({
      path: whyNone.path,
      message: `${where} is empty: say in ${whyNone.path.join('.')} why the evidence is too thin for a ${list.what}.`,
    });
  }
}

function checkCopyables(insights: Insights, facts: GroundingFacts, out: GroundingProblem[]): void {
  const help = insights.prompting_help;
  const suggestions = insights.suggestions;
  requireItems(
    { count: help.prompts.length, path: ['prompting_help', 'prompts'], what: 'copyable prompt' },
    { text: help.why_none, path: ['prompting_help', 'why_none'] },
    facts,
    out,
  );
  requireItems(
    {
      count: suggestions.agents_md_additions.length,
      path: ['suggestions', 'agents_md_additions'],
      what: 'AGENTS.md addition',
    },
    { text: suggestions.agents_md_why_none, path: ['suggestions', 'agents_md_why_none'] },
    facts,
    out,
  );
  help.prompts.forEach((item, i) => {
    if (item.prompt.trim() === '') {
      out.push({ path: ['prompting_help', 'prompts', i, 'prompt'], message: 'A copyable prompt is blank.' });
    }
  });
  suggestions.agents_md_additions.forEach((item, i) => {
    if (item.addition.trim() === '') {
      out.push({
        path: ['suggestions', 'agents_md_additions', i, 'addition'],
        message: 'An AGENTS.md addition is blank.',
      });
    }
  });
}

/** Every way the answer strays from its evidence; empty when it is grounded. */
export function findGroundingProblems(insights: Insights, facts: GroundingFacts): GroundingProblem[] {
  const known = new Set(facts.sessionIds.map((id) => id.toLowerCase()));
  const problems: GroundingProblem[] = [];
  checkCitations(insights, known, problems);
  checkAreaCounts(insights, facts, problems);
  checkStatedCounts(insights, facts, problems);
  checkCopyables(insights, facts, problems);
  return problems;
}
