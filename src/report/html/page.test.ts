import { describe, expect, it } from 'vitest';
import { REPORT_SECTION_IDS } from '../../../test/helpers/report/report-sections.js';
import { buildSampleEvidence } from '../../../test/helpers/report/sample-evidence.js';
import { buildSampleInsights } from '../../../test/helpers/report/sample-insights.js';
import { renderReportHtml } from './page.js';

const ids = ['01a20120-073d-7262-9942-d5f2c9b66274', '01a20120-0e64-7b11-813b-3780ba91a28b'];
describe('renderReportHtml', () => {
  it('renders every section, the charts and the copy controls in one self-contained page', () => {
    const page = renderReportHtml({
      evidence: buildSampleEvidence(ids),
      insights: buildSampleInsights(ids),
      changes: null,
    });
    for (const id of REPORT_SECTION_IDS) expect(page).toContain(`id="${id}"`);
    for (const chart of [
      'chart-goals',
      'chart-outcomes',
      'chart-session-types',
      'chart-satisfaction',
      'chart-friction',
      'chart-tools',
      'chart-daily',
      'chart-hours',
      'chart-reply-gaps',
      'chart-errors',
      'chart-tokens',
      'chart-parallel',
    ]) {
      expect(page).toMatch(new RegExp(`id="${chart}"[\\s\\S]*?<svg`));
    }
    expect(page).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    expect(page).toContain('data-copy="checked"');
    expect(page.match(/data-suggestion=/g)).toHaveLength(2);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).toContain('On Codex’s side');
    expect(page).toContain('On your side (ambiguity)');
    expect(page).toContain('Only 2 session(s) in the window');
    expect(page).toContain('Telemetry was not available');
    // Every cited session id leads to its row.
    expect(page).toContain(`href="#session-${ids[0]}"`);
    expect(page).toContain(`id="session-${ids[0]}"`);
    // Lines and files Codex changed are headline numbers; each session row shows its goal and outcome.
    expect(page).toContain('<b>+3 −1</b><span>lines added / removed</span>');
    expect(page).toContain('<b>1</b><span>files changed</span>');
    expect(page).toContain('<td>Make the failing tests pass</td><td>partly</td>');
    // Every chart adds up to its card here, so none states a gap.
    expect(page).not.toContain('class="gap"');
  });

  it('says under a chart when it does not add up to its card, and why', () => {
    const evidence = buildSampleEvidence(ids);
    evidence.headline.user_messages = 7;
    evidence.headline.sessions = 3;
    evidence.facet_summary.sessions_without_facets = 1;
    evidence.facet_summary.missing_by_reason = [
      { name: 'Codex’s facets for it did not hold up twice', count: 1 },
    ];
    evidence.metrics.tools.by_tool = Array.from({ length: 14 }, (_, i) => ({
      name: `tool${i}`,
      calls: 1,
      errors: 0,
      sessions: 1,
      duration_ms: 0,
    }));
    evidence.headline.tool_calls = 14;
    const page = renderReportHtml({ evidence, insights: buildSampleInsights(ids), changes: null });
    const gapOf = (chart: string) =>
      new RegExp(`id="${chart}"[\\s\\S]*?<p class="gap">([^<]*)</p>`).exec(page)?.[1];
    expect(gapOf('chart-daily')).toBe(
      'Shows 5 of 7 your messages: 2 have no timestamp, so no day or hour (they count in the card).',
    );
    expect(gapOf('chart-hours')).toBe(gapOf('chart-daily'));
    expect(gapOf('chart-tools')).toBe('Shows 12 of 14 tool calls: 2 went to 2 less used tool(s), not drawn.');
    expect(gapOf('chart-outcomes')).toBe(
      'Shows 2 of 3 sessions: 1 have no facets (Codex’s facets for it did not hold up twice).',
    );
  });

  it('lists apart the AGENTS.md suggestions the project’s guidance already makes, and says why a list is empty', () => {
    const evidence = buildSampleEvidence(ids);
    evidence.project_guidance = [
      {
        root: '/work/project',
        sessions: 2,
        agents_md: null,
        recorded_agents_md: {
          text: '- Prefer small commits.',
          truncated: false,
          session_id: ids[0]!,
          recorded_at: null,
        },
        skills: [],
      },
    ];
    const page = renderReportHtml({ evidence, insights: buildSampleInsights(ids), changes: null });
    expect(page.match(/data-suggestion=/g)).toHaveLength(1);
    expect(page).toMatch(
      /Left out: your guidance already says this[\s\S]*<q>Prefer small commits\.<\/q>[\s\S]*already in \/work\/project\/AGENTS\.md \(as recorded in its sessions\)/,
    );

    const thin = buildSampleInsights(ids);
    thin.prompting_help.prompts = [];
    thin.prompting_help.why_none = 'Two sessions show no pattern yet.';
    const thinPage = renderReportHtml({ evidence, insights: thin, changes: null });
    expect(thinPage).toContain('No prompt to suggest: Two sessions show no pattern yet.');
  });

  it('escapes every string that comes from data', () => {
    const insights = buildSampleInsights(ids);
    insights.metadata.title = '<script>alert(1)</script>';
    insights.project_areas.areas[0]!.name = '<img src=x onerror=alert(2)>';
    insights.prompting_help.prompts[0]!.prompt = '</pre><script>alert(3)</script>';
    const evidence = buildSampleEvidence(ids);
    evidence.metrics.tools.by_tool[0]!.name = '<svg onload=alert(4)>';
    evidence.sessions[0]!.title = '<script>alert(5)</script>';
    const page = renderReportHtml({ evidence, insights, changes: null });
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<svg onload');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;b&gt;bad&lt;/b&gt;');
    expect(page).toContain('<td>&lt;script&gt;alert(5)&lt;/script&gt;</td>');
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it('shows what changed since the previous report', () => {
    const page = renderReportHtml({
      evidence: buildSampleEvidence(ids),
      insights: buildSampleInsights(ids),
      changes: {
        previous_generated_at: '2026-11-15T12:00:00.000Z',
        previous_window: { since: '2026-11-08T00:00:00.000Z', until: '2026-11-15T00:00:00.000Z' },
        metrics: [{ key: 'tool_errors', label: 'Tool errors', before: 4, now: 1 }],
        new_projects: ['/work/new'],
        gone_projects: [],
      },
    });
    expect(page).toContain('Compared with the report of 2026-11-15 12:00');
    expect(page).toMatch(/Tool errors<\/th><td>4<\/td><td>1<\/td><td><span class="up">▼ -3/);
    expect(page).toContain('/work/new');
  });
});
