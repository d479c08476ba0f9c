import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import {
  type ModelReply,
  type ModelRequest,
  type ModelServer,
  startModelServer,
} from '../../test/helpers/model-server.js';
import {
  answerFor,
  FIXTURE_SESSIONS_0169,
  runCli,
  usageDirOf,
} from '../../test/helpers/report/report-cli.js';

const FIXTURE_ROOT = join(FIXTURE_SESSIONS_0169, '..', '..', '..');

import { REQUIRED_SECTIONS } from './writer-contract.js';

/** The fixtures were written on 2026-11-22: a fixed window keeps the tests independent of today's date. */
const WINDOW = ['--since', '2026-11-22', '--until', '2026-11-22', '--no-open', '--user-name', 'Sam'];

interface Setup {
  server: ModelServer;
  home: TempCodexHome;
  root: string;
  env: NodeJS.ProcessEnv;
  replies: ((request: ModelRequest) => ModelReply)[];
}

/** A model server whose behaviour each test sets, and a CODEX_HOME holding the 0.169 fixture sessions. */
async function setUp(copySessions = true): Promise<Setup> {
  const replies: Setup['replies'] = [];
  const server = await startModelServer((request) => {
    const reply = replies[0];
    if (!reply) return { kind: 'message', text: 'no reply scripted' };
    return reply(request);
  });
  const home = await makeCodexHome({
    modelServerUrl: server.url,
    ...(copySessions ? { copySessionsFrom: FIXTURE_SESSIONS_0169 } : {}),
  });
  const root = await mkdtemp(join(tmpdir(), 'codex-retro-report-'));
  const env = {
    ...home.env,
    CODEX_RETRO_CACHE_DIR: join(root, 'cache'),
    CODEX_RETRO_STATE_DIR: join(root, 'state'),
  };
  return { server, home, root, env, replies };
}

async function tearDown(setup: Setup | undefined): Promise<void> {
  if (!setup) return;
  await setup.server.close();
  await setup.home.cleanup();
  await rm(setup.root, { recursive: true, force: true });
}

const validAnswer = (request: ModelRequest): ModelReply =>
  request.hasSchema
    ? { kind: 'json', value: answerFor(request.userText) }
    : { kind: 'message', text: 'plain' };

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

describe('codex-retro report with the real codex CLI', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp();
  });
  afterAll(async () => {
    await tearDown(s);
  });

  it('runs the eight steps on the fixture sessions and prints REPORT_URL last', async () => {
    s.replies.splice(0, s.replies.length, validAnswer);
    const otelDir = join(FIXTURE_ROOT, 'otel');
    const run = await runCli(
      ['report', ...WINDOW, '--codex-bin', s.home.codexBin, '--otel-dir', otelDir],
      s.env,
      s.root,
    );
    expect(run.stderr).not.toMatch(/unexpected failure/);
    expect(run.code).toBe(0);
    const usage = usageDirOf(s.home.dir);
    const reportPath = join(usage, 'report.html');
    expect(lastLine(run.stdout)).toBe(`REPORT_URL=file://${reportPath}`);

    const evidence = JSON.parse(await readFile(join(usage, 'insight-evidence.json'), 'utf8'));
    expect(evidence.coverage.sessions_analyzed).toBeGreaterThanOrEqual(8);
    expect(evidence.user_name).toBe('Sam');
    expect(evidence.telemetry).toMatchObject({ available: true, source: otelDir });
    expect(evidence.telemetry.api.errors).toBe(1);
    const prompt = await readFile(join(usage, 'INSIGHT_PROMPT.md'), 'utf8');
    expect(prompt).toContain('friction_analysis.codex_side');

    // Codex got the prompt on stdin with the writer contract as --output-schema, and its answer was kept.
    const request = s.server.requests.find((r) => r.hasSchema);
    expect(request?.userText).toContain('# Codex usage insight report');
    expect(request?.body.text.format.schema.required).toEqual([...REQUIRED_SECTIONS]);
    const insights = JSON.parse(await readFile(join(usage, 'insights.generated.json'), 'utf8'));
    expect(insights.metadata.written_for).toBe('Sam');

    const page = await readFile(reportPath, 'utf8');
    expect(page).toContain('Your week with Codex');
    expect(page).toContain('This is the first report here');
    expect(page).toContain('From telemetry');

    // The run is also kept in its own folder.
    const runs = await readdir(join(usage, 'reports'));
    expect(runs).toHaveLength(1);
    const kept = await readdir(join(usage, 'reports', runs[0]!));
    expect(kept.sort()).toEqual([
      'INSIGHT_PROMPT.md',
      'insight-evidence.json',
      'insights.generated.json',
      'report.html',
    ]);
  });

  it('keeps every earlier report and compares with the previous one, with the --model asked for', async () => {
    s.replies.splice(0, s.replies.length, validAnswer);
    const usage = usageDirOf(s.home.dir);
    const [firstRun] = await readdir(join(usage, 'reports'));
    const firstPage = await readFile(join(usage, 'reports', firstRun!, 'report.html'), 'utf8');
    const before = s.server.requests.length;
    const run = await runCli(
      ['report', ...WINDOW, '--codex-bin', s.home.codexBin, '--model', 'report-model'],
      s.env,
      s.root,
    );
    expect(run.code).toBe(0);
    expect(s.server.requests.slice(before).map((r) => r.body.model)).toEqual(['report-model']);
    const runs = (await readdir(join(usage, 'reports'))).sort();
    expect(runs).toHaveLength(2);
    expect(await readFile(join(usage, 'reports', runs[0]!, 'report.html'), 'utf8')).toBe(firstPage);
    const page = await readFile(join(usage, 'report.html'), 'utf8');
    expect(page).toContain('Compared with the report of');
  });

  it('leaves its own Codex run out of the next report', async () => {
    const usage = usageDirOf(s.home.dir);
    const evidence = JSON.parse(await readFile(join(usage, 'insight-evidence.json'), 'utf8'));
    const ownThreads = await readFile(join(s.env.CODEX_RETRO_STATE_DIR!, 'own-threads.jsonl'), 'utf8');
    const ownIds = ownThreads
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).thread_id as string);
    expect(ownIds.length).toBeGreaterThanOrEqual(1);
    const analyzed = evidence.sessions.map((session: { id: string }) => session.id);
    for (const id of ownIds) expect(analyzed).not.toContain(id);
  });

  it('--prepare-only stops after the prompt; --render-only renders the JSON written afterwards', async () => {
    const usage = usageDirOf(s.home.dir);
    const requestsBefore = s.server.requests.length;
    const prepared = await runCli(['report', ...WINDOW, '--prepare-only'], s.env, s.root);
    expect(prepared.code).toBe(0);
    expect(prepared.stdout).not.toContain('REPORT_URL=');
    expect(prepared.stdout).toContain('--render-only');
    expect(s.server.requests.length).toBe(requestsBefore);
    await expect(stat(join(usage, 'report.html'))).rejects.toThrow();
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
    await writeFile(join(usage, 'insights.generated.json'), JSON.stringify(answerFor(prompt)));
    const rendered = await runCli(['report', '--render-only', '--no-open'], s.env, s.root);
    expect(rendered.code).toBe(0);
    expect(lastLine(rendered.stdout)).toBe(`REPORT_URL=file://${join(usage, 'report.html')}`);
  });

  it('sends an answer citing unknown sessions back for one repair, and uses the repaired one', async () => {
    const stranger = 'deadbeef-0000-4000-8000-000000000000';
    let evidencePrompt = '';
    s.replies.splice(0, s.replies.length, (request) => {
      if (request.userText.includes('# Codex usage insight report')) {
        evidencePrompt = request.userText;
        const answer = answerFor(evidencePrompt);
        answer.fun_ending.detail = `Remember session ${stranger}?`;
        return { kind: 'json', value: answer };
      }
      return {
        kind: 'json',
        value: answerFor(evidencePrompt, { fun_ending: { headline: 'Repaired', detail: 'Fixed.' } }),
      };
    });
    const before = s.server.requests.length;
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(0);
    const requests = s.server.requests.slice(before);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.userText).toContain(stranger);
    const page = await readFile(join(usageDirOf(s.home.dir), 'report.html'), 'utf8');
    expect(page).toContain('Repaired');
    expect(page).not.toContain(stranger);
  });

  it('fails when Codex answers invalid JSON twice, keeping the answer and saying how to repair', async () => {
    s.replies.splice(0, s.replies.length, () => ({
      kind: 'message',
      text: 'Here are your insights: great week!',
    }));
    const before = s.server.requests.length;
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expect(s.server.requests.length - before).toBe(2);
    expect(run.stderr).toMatch(/Codex returned invalid JSON twice/);
    expect(run.stderr).toMatch(
      /Open INSIGHT_PROMPT\.md, ask Codex to repair the JSON shape, save insights\.generated\.json, and rerun/,
    );
    const rejected = JSON.parse(
      await readFile(join(usageDirOf(s.home.dir), 'insights.rejected.json'), 'utf8'),
    );
    expect(rejected.answer).toBe('Here are your insights: great week!');
    await expect(stat(join(usageDirOf(s.home.dir), 'report.html'))).rejects.toThrow();
  });

  it('fails naming an empty required section, never rendering an empty report', async () => {
    s.replies.splice(0, s.replies.length, (request) => ({
      kind: 'json',
      value: answerFor(request.userText, { friction_analysis: { intro: '', codex_side: [], user_side: [] } }),
    }));
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/"friction_analysis"/);
    await expect(stat(join(usageDirOf(s.home.dir), 'report.html'))).rejects.toThrow();
  });

  it('suggests --prepare-only when the Codex CLI is missing', async () => {
    const run = await runCli(['report', ...WINDOW, '--codex-bin', '/nonexistent/codex'], s.env, s.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--prepare-only/);
    expect(run.stderr).toMatch(/--render-only/);
    expect(await readFile(join(usageDirOf(s.home.dir), 'INSIGHT_PROMPT.md'), 'utf8')).toContain(
      'Writer contract',
    );
  });
});

describe('codex-retro report without sessions', () => {
  let s: Setup | undefined;
  afterAll(async () => {
    await tearDown(s);
  });

  it('stops at the first gate with the seed’s message', async () => {
    s = await setUp(false);
    const run = await runCli(['report', ...WINDOW, '--codex-bin', s.home.codexBin], s.env, s.root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No session data found in ${join(s.home.dir, 'sessions')}/`);
    expect(run.stderr).toContain('Run Codex for a few sessions first, then regenerate the report.');
    expect(s.server.requests).toHaveLength(0);
    await expect(stat(join(usageDirOf(s.home.dir), 'insight-evidence.json'))).rejects.toThrow();
  });
});
