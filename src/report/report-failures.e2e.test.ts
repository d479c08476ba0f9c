import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesLeft } from '../../test/helpers/processes.js';
import {
  answerReportRequest,
  isFacetRequest,
  isNarrativeRequest,
  runCli,
  usageDirOf,
} from '../../test/helpers/report/report-cli.js';
import {
  type ReportSetup,
  setUpReport,
  spawnCli,
  WINDOW,
  waitFor,
} from '../../test/helpers/report/report-setup.js';

/** One line on stderr, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at |unexpected failure/);
}

describe('codex-retro report when things go wrong', () => {
  let s: ReportSetup;
  let usage: string;
  /** The report.html a failed run must leave as it is. */
  const lastPage = () => readFile(join(usage, 'report.html'), 'utf8');
  beforeAll(async () => {
    s = await setUpReport();
    usage = usageDirOf(s.home.dir);
    s.reply = answerReportRequest;
    const first = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('says what to do next when the model answers HTTP 500, keeping the last report', async () => {
    const page = await lastPage();
    s.reply = (request) =>
      isNarrativeRequest(request)
        ? { kind: 'http_error', status: 500, message: 'upstream broke' }
        : answerReportRequest(request);
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expectOneLine(
      run.stderr,
      /^codex-retro: The model run failed: .*The evidence and prompt are already written in .*usage-data: run `codex-retro report` again to retry, or ask Codex .* INSIGHT_PROMPT\.md .* insights\.generated\.json .*`codex-retro report --render-only`\.$/,
    );
    expect(await readFile(join(usage, 'INSIGHT_PROMPT.md'), 'utf8')).toContain('Writer contract');
    expect(await lastPage()).toBe(page);
  });

  it('says what to do next when the facet runs fail, after writing the evidence and prompt', async () => {
    const page = await lastPage();
    // A changed rollout needs new facets; the model is down.
    const rollout = join(
      s.home.dir,
      'sessions/2026/11/22/rollout-2026-11-22T02-39-48-01a2011f-c28d-7c22-ab00-bfd1d62f6b7e.jsonl',
    );
    await writeFile(rollout, `${await readFile(rollout, 'utf8')}\n`);
    s.reply = (request) =>
      isFacetRequest(request)
        ? { kind: 'http_error', status: 500, message: 'upstream broke' }
        : answerReportRequest(request);
    const before = s.server.requests.length;
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expectOneLine(run.stderr, /^codex-retro: Codex could not write the session facets: .*--render-only`\.$/);
    expect(s.server.requests.slice(before).some(isNarrativeRequest)).toBe(false);
    const evidence = JSON.parse(await readFile(join(usage, 'insight-evidence.json'), 'utf8'));
    expect(evidence.facet_summary.sessions_without_facets).toBe(1);
    expect(await lastPage()).toBe(page);
  });

  it('goes on without the facets of a session whose answer does not hold up twice, and says so', async () => {
    const failing = '01a2011f-c751-7ec2-ad85-a4ab74c224db';
    await rm(join(usage, 'facets', `${failing}.json`));
    s.reply = (request) => {
      const reply = answerReportRequest(request);
      if (!isFacetRequest(request) || reply.kind !== 'json') return reply;
      const answer = reply.value as { sessions: { session_id: string; friction: unknown[] }[] };
      for (const session of answer.sessions) {
        if (session.session_id === failing)
          session.friction = [{ kind: 'wrong_approach', quote: 'Codex deleted the repo' }];
      }
      return { kind: 'json', value: answer };
    };
    const before = s.server.requests.length;
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code, run.stderr).toBe(0);
    const facetRequests = s.server.requests.slice(before).filter(isFacetRequest);
    // The refused answer went back once, with the reason.
    expect(facetRequests).toHaveLength(2);
    expect(facetRequests[1]?.userText).toContain('"Codex deleted the repo" is not in the session\'s digest');
    expect(run.stderr).toMatch(
      /Facets: batch 1\/1 \(\d session\(s\)\): 1 session\(s\) left without facets\./,
    );
    const evidence = JSON.parse(await readFile(join(usage, 'insight-evidence.json'), 'utf8'));
    expect(evidence.facet_summary.missing).toEqual([
      { id: failing, reason: 'Codex’s facets for it did not hold up twice' },
    ]);
    const page = await readFile(join(usage, 'report.html'), 'utf8');
    expect(page).toContain(
      'Shows 19 of 20 sessions: 1 have no facets (Codex’s facets for it did not hold up twice).',
    );
  });

  it('suggests --prepare-only when the Codex CLI is missing', async () => {
    const run = await runCli(['report', ...WINDOW, '--codex-bin', '/nonexistent/codex'], s.env, s.root);
    expect(run.code).toBe(1);
    expectOneLine(run.stderr, /Codex CLI not found.*--prepare-only.*--render-only/);
    expect(await readFile(join(usage, 'INSIGHT_PROMPT.md'), 'utf8')).toContain('Writer contract');
  });

  it('Ctrl-C stops every Codex process the report started, and leaves the last report as it was', async () => {
    const page = await lastPage();
    let asked = 0;
    s.reply = (request) => {
      if (!isFacetRequest(request)) return answerReportRequest(request);
      asked += 1;
      // biome-ignore lint/suspicious/noThenProperty: `then` is the model server's name for the delayed reply
      return { kind: 'slow', delayMs: 120_000, then: answerReportRequest(request) };
    };
    // Every session needs facets again: the cache is emptied.
    await rm(join(usage, 'facets'), { recursive: true, force: true });
    const cli = spawnCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    await waitFor(() => asked > 0, 30_000, 'the first facet request');
    expect((await processesLeft(join(usage, 'reports'), 0)).length).toBeGreaterThan(0);
    cli.child.kill('SIGINT');
    const done = await cli.done;
    expect(done.code).toBe(1);
    expect(done.stderr).toContain('Stopping the report and every Codex process it started');
    expectOneLine(
      done.stderr,
      /^codex-retro: The report was stopped, and every Codex process it started with it/,
    );
    expect(await processesLeft(join(usage, 'reports'))).toEqual([]);
    expect(await lastPage()).toBe(page);
  });
});

describe('an unusable INSIGHT_REPORT_USAGE_DIR', () => {
  let s: ReportSetup;
  beforeAll(async () => {
    s = await setUpReport();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('is one clear line and a non-zero exit, at once: a file, a folder under /proc or /sys', async () => {
    const file = join(s.root, 'usage.txt');
    await writeFile(file, 'not a folder');
    await mkdir(join(s.root, 'cwd'), { recursive: true });
    const cases: [string, RegExp][] = [
      [file, /is a file, not a folder/],
      [join(file, 'below'), /lies under .*usage\.txt, which is a file/],
      ['/proc/codex-usage', /cannot be created \(ENOENT\)/],
      ['/proc/self', /cannot be written to/],
      ['/sys/kernel', /cannot be written to/],
    ];
    for (const [dir, problem] of cases) {
      // A run that hangs (as Node's recursive mkdir does under /proc) is killed and fails here.
      const run = await spawnCli(
        ['report', ...WINDOW, '--codex-bin', s.home.codexBin],
        { ...s.env, INSIGHT_REPORT_USAGE_DIR: dir },
        join(s.root, 'cwd'),
        { killAfterMs: 20_000 },
      ).done;
      expect(run.signal, dir).toBeNull();
      expect(run.code, dir).toBe(1);
      expectOneLine(
        run.stderr,
        new RegExp(
          `^codex-retro: INSIGHT_REPORT_USAGE_DIR \\(.*\\) ${problem.source}.*Point INSIGHT_REPORT_USAGE_DIR at a folder you can write to`,
        ),
      );
    }
    expect(s.server.requests).toHaveLength(0);
    expect((await stat(file)).isFile()).toBe(true);
  });
});
