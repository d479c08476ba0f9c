import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSampleEvidence } from '../../test/helpers/report/sample-evidence.js';
import { buildSampleInsights } from '../../test/helpers/report/sample-insights.js';
import { tempDirEach } from '../../test/helpers/temp-dir.js';
import { compareReports, findPreviousEvidence } from './history.js';
import { renderReportHtml } from './html/page.js';

const ids = ['01a20120-073d-7262-9942-d5f2c9b66274'];

describe('report history', () => {
  const usageDir = tempDirEach('usage-');

  it('finds the newest earlier report, passing over failed and prepare-only runs and the current one', async () => {
    const dir = usageDir();
    const write = async (name: string, generatedAt: string | null, rendered = true) => {
      await mkdir(join(dir, 'reports', name), { recursive: true });
      if (rendered) await writeFile(join(dir, 'reports', name, 'report.html'), '<!doctype html>');
      if (generatedAt) {
        const evidence = buildSampleEvidence(ids, { generated_at: generatedAt });
        await writeFile(join(dir, 'reports', name, 'insight-evidence.json'), JSON.stringify(evidence));
      }
    };
    await write('20261101T120000000Z', '2026-11-01T12:00:00.000Z');
    await write('20261108T120000000Z', '2026-11-08T12:00:00.000Z');
    await write('20261115T120000000Z', null);
    await write('20261120T120000000Z', '2026-11-20T12:00:00.000Z', false);
    await write('20261122T120000000Z', '2026-11-22T12:00:00.000Z');
    const previous = await findPreviousEvidence(dir, '2026-11-22T12:00:00.000Z');
    expect(previous?.generated_at).toBe('2026-11-08T12:00:00.000Z');
    expect(await findPreviousEvidence(dir, '2026-11-01T12:00:00.000Z')).toBeNull();
  });

  it('compares headline numbers and projects', () => {
    const before = buildSampleEvidence(ids, { generated_at: '2026-11-15T12:00:00.000Z' });
    const now = buildSampleEvidence(ids);
    now.headline = {
      ...now.headline,
      tool_errors: 0,
      sessions: 9,
      projects: ['/work/project', '/work/other'],
    };
    const changes = compareReports(before, now);
    expect(changes?.metrics.find((m) => m.key === 'tool_errors')).toMatchObject({ before: 1, now: 0 });
    expect(changes?.metrics.find((m) => m.key === 'sessions')).toMatchObject({ before: 1, now: 9 });
    expect(changes?.new_projects).toEqual(['/work/other']);
    expect(changes?.gone_projects).toEqual([]);
  });

  it('compares the cost, and says nothing of it against a report written before costs were kept', () => {
    const before = buildSampleEvidence(ids, { generated_at: '2026-11-15T12:00:00.000Z' });
    const now = buildSampleEvidence(ids);
    now.headline = { ...now.headline, cost_usd: 4.5 };
    const page = renderReportHtml({
      evidence: now,
      insights: buildSampleInsights(ids),
      changes: compareReports(before, now),
    });
    expect(page).toMatch(
      /<th scope="row">Cost \(USD\)<\/th><td>&lt;\$0\.01<\/td><td>\$4\.50<\/td><td><span class="">▲ \+\$4\.50<\/span>/,
    );
    expect(page).toContain('<b>$4.50</b><span>USD at list prices of 2026-12-03</span>');
    const { cost_usd: _cost, cost_unpriced: _unpriced, ...older } = before.headline;
    (before as { headline: unknown }).headline = older;
    expect(compareReports(before, now)?.metrics.find((m) => m.key === 'cost_usd')).toMatchObject({
      before: null,
      now: 4.5,
    });
  });
});
