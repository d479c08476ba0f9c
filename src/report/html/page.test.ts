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
