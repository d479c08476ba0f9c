import type { AnalyzedSession } from './prepare.js';
import { Counter, compareText } from './stats.js';
import type { OriginatorKind, OriginatorMetrics } from './types.js';

/**
 * Where sessions came from. Codex records an `originator` (`codex_cli_rs`, `codex_exec`,
 * `codex_vscode`, `Codex Desktop`…) and, later, a `source` (`cli`, `exec`, `vscode`, a sub-agent).
 */
const KIND_PATTERNS: [RegExp, OriginatorKind][] = [
  [/subagent|sub_agent/i, 'subagent'],
  [/desktop|codex[ _-]?app\b|electron/i, 'desktop'],
  [/vscode|cursor|windsurf|jetbrains|intellij|xcode|zed|\bide\b|_ide\b|visual.?studio/i, 'ide'],
  [/exec|sdk|headless|github_action|\bci\b/i, 'exec'],
  [/cli|tui|terminal/i, 'cli'],
];

export function classifyOriginator(originator: string | null, source: string | null): OriginatorKind {
  for (const value of [source, originator]) {
    if (!value) continue;
    if (/subagent/i.test(value)) return 'subagent';
  }
  for (const value of [originator, source]) {
    if (!value) continue;
    for (const [pattern, kind] of KIND_PATTERNS) if (pattern.test(value)) return kind;
  }
  return originator || source ? 'other' : 'unknown';
}

export function computeOriginators(sessions: AnalyzedSession[]): OriginatorMetrics {
  const byKind = new Counter();
  const byName = new Map<string, { name: string; kind: OriginatorKind; sessions: number }>();
  for (const session of sessions) {
    const kind = classifyOriginator(session.meta.originator, session.meta.source);
    byKind.add(kind);
    const name = session.meta.originator || session.meta.source || '(unknown)';
    const key = `${name}\u0000${kind}`;
    const row = byName.get(key) ?? { name, kind, sessions: 0 };
    row.sessions++;
    byName.set(key, row);
  }
  return {
    by_kind: byKind.rows(),
    by_originator: [...byName.values()].sort(
      (a, b) => b.sessions - a.sessions || compareText(a.name, b.name) || compareText(a.kind, b.kind),
    ),
  };
}
