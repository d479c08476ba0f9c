import { sumCosts } from '../pricing/cost.js';
import type { SessionCost } from '../pricing/types.js';
import { addTokens, zeroTokens } from '../sessions/token-totals.js';
import type { TokenTotals } from '../sessions/types.js';
import type { AnalyzedSession } from './prepare.js';
import { compareText, share } from './stats.js';
import type { ModelRow, TokenCounts, TokenMetrics } from './types.js';

/**
 * Token use from each session's own totals (the parser keeps a fork's inherited usage out of them, and
 * Codex counts each subagent thread apart from its parent), so summing sessions counts nothing twice.
 * Cached input is part of input, reasoning part of output. The cost is the same sessions' costs summed.
 */
function hasUsage(tokens: TokenTotals): boolean {
  return tokens.total > 0 || tokens.input > 0 || tokens.output > 0;
}

/** `subagents`: subagent sessions, whose tokens count in the totals but whose sessions are shown apart. */
export function computeTokens(sessions: AnalyzedSession[], subagents: AnalyzedSession[] = []): TokenMetrics {
  const totals = zeroTokens();
  const fromSubagents = { ...zeroTokens(), sessions: 0 };
  const byModel = new Map<string, TokenCounts & { sessions: number }>();
  let withUsage = 0;
  const costs: SessionCost[] = [];
  for (const session of [...sessions, ...subagents]) {
    const tokens = session.meta.tokens;
    if (!hasUsage(tokens)) continue;
    costs.push(session.meta.cost);
    if (session.meta.subagent) {
      addTokens(fromSubagents, tokens);
      fromSubagents.sessions++;
    } else withUsage++;
    addTokens(totals, tokens);
    const name = session.meta.model || '(unknown)';
    let row = byModel.get(name);
    if (!row) {
      row = { ...zeroTokens(), sessions: 0 };
      byModel.set(name, row);
    }
    addTokens(row, tokens);
    row.sessions++;
  }
  return {
    ...totals,
    sessions_with_usage: withUsage,
    cache_share: share(totals.cached_input, totals.input),
    by_model: [...byModel]
      .map(([name, row]) => ({ name, ...row }))
      .sort((a, b) => b.total - a.total || compareText(a.name, b.name)),
    subagents: fromSubagents,
    cost: sumCosts(costs, costs[0]?.pricing_date ?? ''),
  };
}

/** Models by sessions that used them and by own turns they answered. */
export function computeModels(sessions: AnalyzedSession[]): ModelRow[] {
  const rows = new Map<string, ModelRow>();
  const row = (name: string): ModelRow => {
    let found = rows.get(name);
    if (!found) {
      found = { name, sessions: 0, turns: 0 };
      rows.set(name, found);
    }
    return found;
  };
  for (const session of sessions) {
    const models = new Set(session.meta.models.filter(Boolean));
    if (models.size === 0) models.add(session.meta.model || '(unknown)');
    for (const name of models) row(name).sessions++;
    for (const turn of session.turns) row(turn.model || session.meta.model || '(unknown)').turns++;
  }
  return [...rows.values()].sort(
    (a, b) => b.sessions - a.sessions || b.turns - a.turns || compareText(a.name, b.name),
  );
}
