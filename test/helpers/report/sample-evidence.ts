import type { UsageMetrics } from '../../../src/analytics/types.js';
import type { InsightEvidence } from '../../../src/report/evidence.js';
import type { SessionFacets } from '../../../src/report/facets/facet-contract.js';

const stats = { count: 0, total_ms: 0, mean_ms: null, median_ms: null, p90_ms: null, max_ms: null };

/** A complete UsageMetrics with a little of everything, for rendering tests. */
function buildSampleMetrics(): UsageMetrics {
  return {
    schema_version: 1,
    window: {
      since: '2026-11-15T00:00:00.000Z',
      until: '2026-11-22T23:59:59.999Z',
      time_zone: 'UTC',
      generated_at: '2026-11-22T12:00:00.000Z',
    },
    coverage: {
      sessions_found: 3,
      sessions_analyzed: 2,
      excluded: [{ id: '<b>bad</b>', path: '/tmp/x.jsonl', reason: 'could not be read' }],
      excluded_by_reason: [{ name: 'could not be read', count: 1 }],
      files_with_parse_issues: 0,
      parse_issues: [],
      inherited_entries: 0,
      sessions_without_timestamps: 0,
    },
    sessions: {
      total: 2,
      active_days: 1,
      first_activity_at: null,
      last_activity_at: null,
      user_messages: 5,
      assistant_messages: 5,
      turns: 5,
      archived: 0,
      duration: stats,
      duration_histogram: [],
      user_messages_per_session: { mean: 2.5, max: 3 },
    },
    tools: {
      calls: 7,
      by_tool: [
        { name: 'exec_command', calls: 6, errors: 1, sessions: 2, duration_ms: 900 },
        { name: 'apply_patch', calls: 1, errors: 0, sessions: 1, duration_ms: 0 },
      ],
    },
    shell: {
      commands: 6,
      programs: [
        { name: 'git', count: 4, in_failed_commands: 0, sessions: 2 },
        { name: 'npm', count: 2, in_failed_commands: 1, sessions: 1 },
      ],
      unparsed: 0,
    },
    errors: {
      total: 1,
      rate: 1 / 7,
      by_category: [{ name: 'nonzero_exit', count: 1 }],
      exit_codes: [{ name: '1', count: 1 }],
      by_tool: [{ name: 'exec_command', count: 1 }],
    },
    timing: {
      turns: { total: 5, completed: 5, failed: 0, aborted: 0, unknown: 0 },
      turn_duration: stats,
      turn_duration_histogram: [],
      time_to_first_token: stats,
      reply_gap: stats,
      reply_gap_histogram: [
        { label: '<10s', min_ms: 0, max_ms: 10_000, count: 2 },
        { label: '10–30s', min_ms: 10_000, max_ms: 30_000, count: 1 },
      ],
      tool_duration: stats,
    },
    parallel: {
      sessions_timed: 2,
      peak_concurrency: 2,
      peak_at: null,
      active_ms: 600_000,
      parallel_ms: 60_000,
      parallel_share: 0.1,
      by_concurrency: [
        { sessions: 1, ms: 540_000 },
        { sessions: 2, ms: 60_000 },
      ],
      overlapping_pairs_total: 1,
      overlapping_pairs: [],
    },
    tokens: {
      input: 1000,
      cached_input: 400,
      output: 300,
      reasoning: 100,
      total: 1300,
      sessions_with_usage: 2,
      cache_share: 0.4,
      by_model: [],
    },
    models: [{ name: 'gpt-5', sessions: 2, turns: 5 }],
    originators: { by_kind: [{ name: 'exec', count: 2 }], by_originator: [] },
    projects: { repositories: [], directories: [] },
    calendar: {
      time_zone: 'UTC',
      by_hour: Array.from({ length: 24 }, (_, hour) => ({
        hour,
        user_messages: hour === 10 ? 5 : 0,
        sessions_started: hour === 10 ? 2 : 0,
      })),
      by_weekday: [],
      by_day: [{ date: '2026-11-20', sessions: 2, user_messages: 5 }],
    },
    patches: {
      patches: 1,
      failed: 0,
      files_changed: 1,
      lines_added: 3,
      lines_removed: 1,
      by_kind: [],
      by_language: [],
      top_files: [],
      top_directories: [],
    },
    events: { interruptions: 0, compactions: 0, forks: 0, failed_turns: 0, errors_by_kind: [] },
  };
}

/** Facets as Codex writes them, for the sample's sessions. */
export function buildSampleFacets(i: number): SessionFacets {
  return {
    goal: i === 0 ? 'Make the failing tests pass' : 'Explain the build script',
    goal_category: i === 0 ? 'fix_bug' : 'understand_code',
    outcome: i === 0 ? 'partly' : 'achieved',
    outcome_note: i === 0 ? 'One test still failed.' : 'Codex explained it.',
    satisfaction: i === 0 ? 'dissatisfied' : 'satisfied',
    satisfaction_signals: i === 0 ? [{ signal: 'correction', quote: 'no, the other test' }] : [],
    session_type: i === 0 ? 'iterative_refinement' : 'quick_question',
    friction: i === 0 ? [{ kind: 'failed_command', quote: 'npm test → exit 1' }] : [],
    summary: i === 0 ? 'Fixed two of three tests.' : 'Answered a question.',
  };
}

/** The evidence fields the page reads beyond the metrics. */
export function buildSampleEvidence(
  sessionIds: string[],
  overrides: Partial<InsightEvidence> = {},
): InsightEvidence {
  return {
    schema_version: 2,
    generated_at: '2026-11-22T12:00:00.000Z',
    user_name: 'Sam',
    window: {
      since: '2026-11-15T00:00:00.000Z',
      until: '2026-11-22T23:59:59.999Z',
      days: 7,
      time_zone: 'UTC',
    },
    coverage: {
      sessions_found: 3,
      sessions_analyzed: sessionIds.length,
      sessions_summarized: sessionIds.length,
      files_with_parse_issues: 0,
      parse_issue_counts: {},
      thin_evidence: false,
    },
    headline: {
      sessions: sessionIds.length,
      active_days: 1,
      projects: ['/work/project'],
      user_messages: 5,
      assistant_messages: 5,
      tool_calls: 7,
      tool_errors: 1,
      tool_error_rate: 0.1429,
      failed_turns: 0,
      session_minutes: 12,
      tokens_total: 1300,
      lines_added: 3,
      lines_removed: 1,
      files_changed: 1,
    },
    metrics: buildSampleMetrics(),
    facet_summary: {
      sessions_with_facets: sessionIds.length,
      sessions_without_facets: 0,
      goal_categories: [
        { name: 'fix_bug', count: 1 },
        { name: 'understand_code', count: sessionIds.length - 1 },
      ].filter((row) => row.count > 0),
      outcomes: [
        { name: 'achieved', count: sessionIds.length - 1 },
        { name: 'partly', count: 1 },
      ].filter((row) => row.count > 0),
      satisfaction: [
        { name: 'satisfied', count: sessionIds.length - 1 },
        { name: 'dissatisfied', count: 1 },
      ].filter((row) => row.count > 0),
      session_types: [
        { name: 'iterative_refinement', count: 1 },
        { name: 'quick_question', count: sessionIds.length - 1 },
      ].filter((row) => row.count > 0),
      friction_kinds: [{ name: 'failed_command', count: 1 }],
      missing_by_reason: [],
      missing: [],
    },
    sessions: sessionIds.map((id, i) => ({
      id,
      title: `Session ${i + 1}`,
      started_at: '2026-11-20T10:00:00.000Z',
      updated_at: '2026-11-20T10:05:00.000Z',
      duration_minutes: 5,
      cwd: '/work/project',
      repo: null,
      model: 'gpt-5',
      originator: 'codex_exec',
      forked_from_id: null,
      user_messages: 2,
      assistant_messages: 2,
      tool_calls: 3,
      tool_errors: i === 0 ? 1 : 0,
      failed_turns: 0,
      compactions: 0,
      tokens_total: 650,
      top_tools: ['exec_command×3'],
      prompts: ['make the tests pass'],
      last_reply: 'Done.',
      facets: buildSampleFacets(i),
    })),
    examples: { failed_commands: [], friction_moments: [], long_turns: [] },
    project_guidance: [],
    telemetry: {
      available: false,
      source: '/home/sam/.agents/otel-collector',
      read: null,
      events_in_window: 0,
      events_by_name: {},
      conversations: 0,
      user_prompts: 0,
      api: { requests: 0, errors: 0, error_rate: null, by_status: {}, latency_ms: null, error_messages: {} },
      time_to_first_token_ms: null,
      tool_decisions: { total: 0, by_decision: {}, by_source: {} },
      tool_results: { total: 0, failures: 0, by_tool: [] },
      limitations: ['No telemetry found'],
    },
    limitations: ['Only 2 session(s) in the window: patterns are tentative.'],
    bounds: { max_bytes: 409_600, bytes: 5000, level: 0, trimmed: [] },
    ...overrides,
  };
}
