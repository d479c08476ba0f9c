import type { SessionDetail, TranscriptEntry } from '../../../src/sessions/types.js';
import { completeUsage } from '../cost.js';
import { plainSessionFacts } from '../session-facts.js';

/** A SessionDetail built from a few entries, for unit tests of the report. */
export function buildSession(
  id: string,
  entries: Partial<TranscriptEntry>[],
  overrides: Partial<SessionDetail['metadata']> = {},
): SessionDetail {
  const messages: TranscriptEntry[] = entries.map((entry, line) => ({
    role: 'user',
    kind: 'message',
    content: '',
    ts: `2026-11-20T10:${String(line).padStart(2, '0')}:00.000Z`,
    line,
    ...entry,
  }));
  const own = messages.filter((m) => !m.inherited);
  return {
    id,
    metadata: completeUsage({
      id,
      title: `Session ${id.slice(0, 8)}`,
      path: `/tmp/sessions/rollout-${id}.jsonl`,
      archived: false,
      era: 'test',
      started_at: messages[0]?.ts ?? null,
      updated_at: messages.at(-1)?.ts ?? null,
      cwd: '/work/project',
      repo_hint: null,
      git: null,
      model: 'gpt-5',
      models: ['gpt-5'],
      model_provider: 'openai',
      cli_version: '0.169.0',
      originator: 'codex_exec',
      source: 'exec',
      forked_from_id: null,
      user_messages: own.filter((m) => m.kind === 'message' && m.role === 'user').length,
      assistant_messages: own.filter((m) => m.kind === 'message' && m.role === 'assistant').length,
      tool_calls: own.filter((m) => m.kind === 'tool_call').length,
      tool_errors: own.filter((m) => m.kind === 'tool_output' && (m.tool?.exit_code ?? 0) !== 0).length,
      turns: 1,
      ...plainSessionFacts(),
      tokens: { input: 100, cached_input: 0, output: 50, reasoning: 0, total: 150 },
      parse_issues: { counts: {}, examples: [] },
      ...overrides,
    }),
    messages,
    turns: [],
  };
}
