import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelRequest } from '../../test/helpers/model-server.js';
import { GROUNDED_ADDITION } from '../../test/helpers/report/narrative-answers.js';
import {
  answerFor,
  answerReportRequest,
  isFacetRequest,
  isNarrativeRequest,
  isRepairRequest,
  reportPromptOf,
  runCli,
  usageDirOf,
} from '../../test/helpers/report/report-cli.js';
import {
  GONE_PROJECT_ID,
  OTEL_FIXTURES,
  type ReportSetup,
  setUpReport,
  WINDOW,
} from '../../test/helpers/report/report-setup.js';
import type { InsightEvidence } from './evidence.js';
import type { Insights } from './writer-contract.js';
import { REQUIRED_SECTIONS } from './writer-contract.js';

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

/** The session ids a schema offers as an enum (`$defs.session_id` of the narrative, the batch's for facets). */
function enumOf(request: ModelRequest): string[] {
  const schema = request.body.text.format.schema;
  return schema.$defs?.session_id?.enum ?? schema.properties.sessions.items.properties.session_id.enum;
}

/** Every `evidence` list of an answer. */
function evidenceLists(value: unknown, into: string[][] = []): string[][] {
  if (Array.isArray(value)) for (const item of value) evidenceLists(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'evidence' && Array.isArray(item)) into.push(item as string[]);
      else evidenceLists(item, into);
    }
  }
  return into;
}

describe('codex-retro report with the real codex CLI', () => {
  let s: ReportSetup;
  let usage: string;
  const sessionCount = 21;
  beforeAll(async () => {
    s = await setUpReport({ goneProject: true });
    usage = usageDirOf(s.home.dir);
  });
  afterAll(async () => {
    await s?.close();
  });

  const json = async <T>(name: string): Promise<T> =>
    JSON.parse(await readFile(join(usage, name), 'utf8')) as T;

  it('writes facets per session in bounded batches, then a narrative grounded in them, and prints REPORT_URL last', async () => {
    s.reply = answerReportRequest;
    const run = await runCli(
      ['report', ...WINDOW, '--codex-bin', s.home.codexBin, '--otel-dir', OTEL_FIXTURES],
      s.env,
      s.root,
    );
    expect(run.stderr).not.toMatch(/unexpected failure/);
    expect(run.code).toBe(0);
    expect(lastLine(run.stdout)).toBe(`REPORT_URL=file://${join(usage, 'report.html')}`);

    // Three facet batches of at most eight sessions, read-only, with progress; then one narrative.
    const facetRequests = s.server.requests.filter(isFacetRequest);
    expect(facetRequests.map((r) => enumOf(r).length)).toEqual([8, 8, 5]);
    expect(run.stderr).toContain(`Facets: 0 session(s) unchanged, ${sessionCount} to write in 3 batch(es)`);
    expect(run.stderr).toContain('Facets: batch 3/3 (5 session(s)) written.');
    const narrative = s.server.requests.filter(isNarrativeRequest);
    expect(narrative).toHaveLength(1);
    expect(narrative[0]?.body.text.format.schema.required).toEqual([...REQUIRED_SECTIONS]);

    // Each session's facets are cached beside the report, and reach the writer on its digest.
    const evidence = await json<InsightEvidence>('insight-evidence.json');
    expect(evidence.coverage.sessions_analyzed).toBe(sessionCount);
    expect(evidence.facet_summary.sessions_with_facets).toBe(sessionCount);
    expect((await readdir(join(usage, 'facets'))).sort()).toEqual(
      evidence.sessions.map((x) => `${x.id}.json`).sort(),
    );
    const failing = evidence.sessions.find((x) => x.id === '01a2011f-c751-7ec2-ad85-a4ab74c224db');
    expect(failing?.facets?.friction[0]).toMatchObject({ kind: 'failed_command' });
    expect(evidence.facet_summary.friction_kinds[0]).toMatchObject({ name: 'failed_command' });
    // The citable ids are exactly the bundle's sessions, as an enum.
    expect(enumOf(narrative[0]!).sort()).toEqual(evidence.sessions.map((x) => x.id).sort());
    // The gone project's AGENTS.md is known from what its rollout recorded.
    expect(
      evidence.project_guidance.find((g) => g.root === '/home/dev/gone-project')?.recorded_agents_md?.text,
    ).toContain('Run the test suite before you say a change is done.');
    expect(evidence.telemetry).toMatchObject({ available: true, source: OTEL_FIXTURES });

    // The answer is grounded: every claim cites sessions of the bundle, areas count what they list.
    const insights = await json<Insights>('insights.generated.json');
    const known = new Set(evidence.sessions.map((x) => x.id));
    for (const list of evidenceLists(insights)) {
      expect(list.length).toBeGreaterThan(0);
      for (const id of list) expect(known.has(id)).toBe(true);
    }
    for (const area of insights.project_areas.areas) expect(area.session_count).toBe(area.evidence.length);

    const page = await readFile(join(usage, 'report.html'), 'utf8');
    expect(page).toContain('What you wanted and how it went');
    expect(page).toContain('Codex read 21 of 21 sessions whole');
    expect(page).toContain('lines added / removed');
    expect(page).not.toMatch(/Mock evidence/i);
    expect(page).toContain(GROUNDED_ADDITION.replaceAll("'", '&#39;'));
    const runs = await readdir(join(usage, 'reports'));
    expect(runs).toHaveLength(1);
    expect((await readdir(join(usage, 'reports', runs[0]!))).sort()).toEqual([
      'INSIGHT_PROMPT.md',
      'insight-evidence.json',
      'insights.generated.json',
      'report.html',
    ]);
  });

  it('asks again only for the narrative when nothing changed, with the --model asked for', async () => {
    s.reply = answerReportRequest;
    const before = s.server.requests.length;
    const firstPage = await readFile(join(usage, 'report.html'), 'utf8');
    const run = await runCli(
      ['report', ...WINDOW, '--codex-bin', s.home.codexBin, '--model', 'report-model'],
      s.env,
      s.root,
    );
    expect(run.code).toBe(0);
    const requests = s.server.requests.slice(before);
    expect(requests.map((r) => [isNarrativeRequest(r), r.body.model])).toEqual([[true, 'report-model']]);
    expect(run.stderr).toContain(`Facets: all ${sessionCount} session(s) unchanged, read from the cache.`);
    const runs = (await readdir(join(usage, 'reports'))).sort();
    expect(runs).toHaveLength(2);
    expect(await readFile(join(usage, 'reports', runs[0]!, 'report.html'), 'utf8')).toBe(firstPage);
    expect(await readFile(join(usage, 'report.html'), 'utf8')).toContain('Compared with the report of');
  });

  it('writes facets again for a session whose rollout changed, and only for it', async () => {
    s.reply = answerReportRequest;
    const rollout = join(
      s.home.dir,
      'sessions/2026/11/22/rollout-2026-11-22T02-39-48-01a2011f-c28d-7c22-ab00-bfd1d62f6b7e.jsonl',
    );
    // The person's first message again, as the rollout records it, now saying something else.
    const typed = (await readFile(rollout, 'utf8'))
      .split('\n')
      .slice(7, 9)
      .map((line) => line.replaceAll('[[scn:simple]] Say hello without using tools.', 'Thanks, that is all.'))
      .map((line) => line.replace('2026-11-22T02:39:48.55', '2026-11-22T02:39:50.55'));
    await appendFile(rollout, `${typed.join('\n')}\n`);
    const before = s.server.requests.length;
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(0);
    const requests = s.server.requests.slice(before);
    expect(requests.filter(isFacetRequest).map(enumOf)).toEqual([['01a2011f-c28d-7c22-ab00-bfd1d62f6b7e']]);
    expect(requests.filter(isFacetRequest)[0]?.userText).toContain('you: Thanks, that is all.');
    expect(requests.filter(isNarrativeRequest)).toHaveLength(1);
  });

  it('leaves its own Codex runs (facets and narrative) out of the next report', async () => {
    const evidence = await json<InsightEvidence>('insight-evidence.json');
    const ownThreads = await readFile(join(s.env.CODEX_RETRO_STATE_DIR!, 'own-threads.jsonl'), 'utf8');
    const own = ownThreads
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { thread_id: string; kind: string });
    expect(new Set(own.map((o) => o.kind))).toEqual(new Set(['report', 'report_facets']));
    const analyzed = evidence.sessions.map((session) => session.id);
    for (const { thread_id } of own) expect(analyzed).not.toContain(thread_id);
  });

  it('--prepare-only runs no Codex and keeps the last report; --render-only renders the JSON written afterwards', async () => {
    const requestsBefore = s.server.requests.length;
    const lastPage = await readFile(join(usage, 'report.html'), 'utf8');
    const prepared = await runCli(['report', ...WINDOW, '--prepare-only'], s.env, s.root);
    expect(prepared.code).toBe(0);
    expect(prepared.stdout).not.toContain('REPORT_URL=');
    expect(prepared.stdout).toContain('--render-only');
    expect(s.server.requests.length).toBe(requestsBefore);
    // The REPORT_URL printed last time still shows the last complete report.
    expect(await readFile(join(usage, 'report.html'), 'utf8')).toBe(lastPage);
    // Facets written by earlier runs are used.
    expect((await json<InsightEvidence>('insight-evidence.json')).facet_summary.sessions_with_facets).toBe(
      sessionCount,
    );
    // The same window written as YYYYMMDD: a whole local day (TZ=UTC here).
    const readWindow = async () =>
      JSON.parse(await readFile(join(usage, 'insight-evidence.json'), 'utf8')).window;
    const dashed = await readWindow();
    expect(dashed).toMatchObject({ since: '2026-11-22T00:00:00.000Z', until: '2026-11-22T23:59:59.999Z' });
    const compact = ['report', '--since', '20261122', '--until', '20261122', '--no-open', '--prepare-only'];
    expect((await runCli(compact, s.env, s.root)).code).toBe(0);
    expect(await readWindow()).toEqual(dashed);

    const renderMissing = await runCli(['report', '--render-only', '--no-open'], s.env, s.root);
    expect(renderMissing.code).toBe(1);
    expect(renderMissing.stderr).toMatch(/insights\.generated\.json not found/);

    await writeFile(join(usage, 'insights.generated.json'), '{"metadata": ');
    const renderBroken = await runCli(['report', '--render-only', '--no-open'], s.env, s.root);
    expect(renderBroken.code).toBe(1);
    expect(renderBroken.stderr).toMatch(
      /not valid JSON.*Open INSIGHT_PROMPT\.md, ask Codex to repair the JSON shape/,
    );

    const prompt = await readFile(join(usage, 'INSIGHT_PROMPT.md'), 'utf8');
    const ungrounded = answerFor(prompt);
    ungrounded.project_areas.areas[0]!.session_count = 999;
    await writeFile(join(usage, 'insights.generated.json'), JSON.stringify(ungrounded));
    const renderUngrounded = await runCli(['report', '--render-only', '--no-open'], s.env, s.root);
    expect(renderUngrounded.code).toBe(1);
    expect(renderUngrounded.stderr).toMatch(
      /does not hold up against the evidence: project_areas\.areas\.0\.session_count: Area .* says 999 sessions/,
    );
    expect(await readFile(join(usage, 'report.html'), 'utf8')).toBe(lastPage);

    await writeFile(join(usage, 'insights.generated.json'), JSON.stringify(answerFor(prompt)));
    const rendered = await runCli(['report', '--render-only', '--no-open'], s.env, s.root);
    expect(rendered.code).toBe(0);
    expect(lastLine(rendered.stdout)).toBe(`REPORT_URL=file://${join(usage, 'report.html')}`);
  });

  it('sends an ungrounded answer back once with the reasons, and uses the grounded one', async () => {
    const stranger = 'deadbeef-0000-4000-8000-000000000000';
    s.reply = (request) => {
      if (!isNarrativeRequest(request) || isRepairRequest(request)) return answerReportRequest(request);
      const answer = answerFor(reportPromptOf(request));
      answer.project_areas.areas[0]!.session_count = 999;
      answer.fun_ending.detail = `Remember session ${stranger}?`;
      return { kind: 'json', value: answer };
    };
    const before = s.server.requests.length;
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(0);
    const requests = s.server.requests.slice(before).filter(isNarrativeRequest);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.userText).toMatch(/says 999 sessions but its evidence lists/);
    expect(requests[1]?.userText).toContain(stranger);
    const page = await readFile(join(usage, 'report.html'), 'utf8');
    expect(page).not.toContain(stranger);
    expect(page).not.toContain('999 sessions');
  });

  it('leaves out an AGENTS.md suggestion that AGENTS.md already makes, as recorded by the gone project’s session', async () => {
    s.reply = (request) => {
      if (!isNarrativeRequest(request)) return answerReportRequest(request);
      const answer = answerFor(reportPromptOf(request));
      answer.suggestions.agents_md_additions.push({
        addition: 'Always run the test suite before saying a change is done.',
        why: 'Changes were called done untested.',
        placement: 'Top',
        evidence: [GONE_PROJECT_ID],
      });
      return { kind: 'json', value: answer };
    };
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Left out 1 AGENTS.md suggestion(s) that AGENTS.md already makes');
    const page = await readFile(join(usage, 'report.html'), 'utf8');
    expect(page.match(/data-suggestion=/g)).toHaveLength(1);
    expect(page).toMatch(
      /Left out: your guidance already says this[\s\S]*Always run the test suite[\s\S]*\/home\/dev\/gone-project\/AGENTS\.md \(as recorded in its sessions\)/,
    );
  });

  it('fails when Codex answers invalid JSON twice, keeping its answer and the last report', async () => {
    const lastPage = await readFile(join(usage, 'report.html'), 'utf8');
    s.reply = (request) =>
      isNarrativeRequest(request)
        ? { kind: 'message', text: 'Here are your insights: great week!' }
        : answerReportRequest(request);
    const before = s.server.requests.length;
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expect(s.server.requests.slice(before).filter(isNarrativeRequest)).toHaveLength(2);
    expect(run.stderr).toMatch(/Codex returned invalid JSON twice/);
    expect(run.stderr).toMatch(
      /Open INSIGHT_PROMPT\.md, ask Codex to repair the JSON shape, save insights\.generated\.json, and rerun/,
    );
    const rejected = await json<{ answer: string }>('insights.rejected.json');
    expect(rejected.answer).toBe('Here are your insights: great week!');
    expect(await readFile(join(usage, 'report.html'), 'utf8')).toBe(lastPage);
  });

  it('fails naming an empty required section, never rendering an empty report', async () => {
    s.reply = (request) =>
      isNarrativeRequest(request)
        ? {
            kind: 'json',
            value: answerFor(reportPromptOf(request), {
              friction_analysis: { intro: '', codex_side: [], user_side: [] },
            }),
          }
        : answerReportRequest(request);
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/"friction_analysis"/);
    await expect(stat(join(usage, 'insights.generated.json'))).rejects.toThrow();
  });
});

describe('codex-retro report without sessions', () => {
  let s: ReportSetup | undefined;
  afterAll(async () => {
    await s?.close();
  });

  it('stops at the first gate with the seed’s message', async () => {
    s = await setUpReport({ sessions: false });
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No session data found in ${join(s.home.dir, 'sessions')}/`);
    expect(run.stderr).toContain('Run Codex for a few sessions first, then regenerate the report.');
    expect(s.server.requests).toHaveLength(0);
    await expect(stat(join(usageDirOf(s.home.dir), 'insight-evidence.json'))).rejects.toThrow();
  });
});
