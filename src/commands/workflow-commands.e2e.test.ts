import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import { makeGitRepo } from '../../test/helpers/git-repo.js';
import { type ModelServer, startModelServer } from '../../test/helpers/model-server.js';
import { runCliIn } from '../../test/helpers/run-cli.js';

/** The CLI twins of the API, spawned as a person runs them, on the same code path. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE_SESSIONS = join(ROOT, 'test/fixtures/codex-sessions/0.169.0/sessions');
const SESSION = '01a2011f-c751-7ec2-ad85-a4ab74c224db';
const AGENTS = '# Agents\n\nRun npm test.\n';
const ADDED = 'Commands that exit 3 mean the fixture is missing: run npm run fixtures first.';
const DIFF = `--- a/AGENTS.md
+++ b/AGENTS.md
@@ -1,3 +1,4 @@
 # Agents
 
 Run npm test.
+${ADDED}
`;

describe('insights run / proposals run / proposals apply', () => {
  let model: ModelServer;
  let home: TempCodexHome;
  let repo: Awaited<ReturnType<typeof makeGitRepo>>;
  let temp: string;
  let env: NodeJS.ProcessEnv;
  let common: string[];

  beforeAll(async () => {
    model = await startModelServer((request) => {
      if (!request.hasSchema) return { kind: 'message', text: 'ok' };
      if (request.userText.includes('Improve the instructions this repository gives Codex')) {
        return {
          kind: 'json',
          value: {
            diff: DIFF,
            summary: 'Explain exit code 3',
            files_touched: ['AGENTS.md'],
            safety_notes: ['none'],
          },
        };
      }
      return {
        kind: 'json',
        value: {
          goal: 'Run a failing command',
          outcome: { status: 'not_achieved', summary: 'The command exited 3.' },
          what_worked: [],
          friction: [
            { point: 'Exit code 3 was not explained', evidence: [{ quote: 'exit 3', entry: null }] },
          ],
          recommendations: [
            { title: 'Explain exit codes', detail: 'Add a line to AGENTS.md', target: 'agents_md' },
          ],
        },
      };
    });
    home = await makeCodexHome({ modelServerUrl: model.url, copySessionsFrom: FIXTURE_SESSIONS });
    repo = await makeGitRepo({ 'AGENTS.md': AGENTS });
    temp = await mkdtemp(join(tmpdir(), 'cli-e2e-'));
    env = {
      ...home.env,
      CODEX_RETRO_STATE_DIR: join(temp, 'state'),
      CODEX_RETRO_CACHE_DIR: join(temp, 'cache'),
    };
    common = ['--codex-home', home.dir, '--codex-bin', home.codexBin];
  });

  afterAll(async () => {
    await model?.close();
    await home?.cleanup();
    await repo?.cleanup();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  let insightId = '';
  let proposalId = '';

  it('insights run prints the artifact as JSON and stores it in the repository', async () => {
    const result = await runCliIn(
      ['insights', 'run', '--session', SESSION, '--json', ...common],
      env,
      repo.dir,
    );
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ session_id: SESSION, mode: 'fork', json: { goal: 'Run a failing command' } });
    expect(out.markdown).toContain('## Outcome: Not achieved');
    insightId = out.artifact_id;
    const stamp = insightId.split('~')[1];
    const md = await readFile(
      join(repo.dir, '.codex-orchestrator', 'insights', SESSION, `${stamp}.md`),
      'utf8',
    );
    expect(md).toBe(out.markdown);
  });

  it('the session the run wrote is priced by the model of its turns: the model server’s model is named as unpriced', async () => {
    const listed = await runCliIn(['sessions', 'list', '--json', '--include-own', ...common], env, repo.dir);
    expect(listed.code, listed.stderr).toBe(0);
    const sessions = JSON.parse(listed.stdout) as {
      forked_from_id: string | null;
      tokens: { total: number };
      cost: { usd: number | null; priced: unknown; missing_models: string[]; by_model: { model: string }[] };
    }[];
    const fork = sessions.find((s) => s.forked_from_id === SESSION);
    expect(fork?.tokens.total).toBeGreaterThan(0);
    // The parent's copied requests are not counted again: every own request went to the mock model.
    expect(fork?.cost).toMatchObject({ usd: null, priced: false, missing_models: ['mock-model'] });
    expect(fork?.cost.by_model.map((m) => m.model)).toEqual(['mock-model']);
    const usage = await runCliIn(['usage', 'monthly', '--json', ...common], env, repo.dir);
    expect(usage.code, usage.stderr).toBe(0);
    const report = JSON.parse(usage.stdout) as {
      totals: { sessions: number; cost: { missing_models: string[] } };
    };
    expect(report.totals.cost.missing_models).toContain('mock-model');
    expect(report.totals.sessions).toBe(sessions.filter((s) => s.tokens.total > 0).length);
  });

  it('insights run prints markdown by default and refuses an unknown session with one line', async () => {
    // The short id that session lists show works as well as the full one.
    const text = await runCliIn(
      ['insights', 'run', '--session', SESSION.slice(-12), '--repo', repo.dir, ...common],
      env,
      temp,
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^# Insights/);
    const unknown = await runCliIn(
      ['insights', 'run', '--session', '01a2011f-0000-7000-8000-000000000000', ...common],
      env,
      repo.dir,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/No Codex session/);
  });

  it('proposals run prints the summary, the files, the checks and the proposal id', async () => {
    // As `insights list` shows them: the short session id and the insight's time.
    const result = await runCliIn(
      ['proposals', 'run', '--session', SESSION.slice(-12), '--insight', insightId.split('~')[1]!, ...common],
      env,
      repo.dir,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Summary: Explain exit code 3');
    expect(result.stdout).toContain('Files: AGENTS.md');
    expect(result.stdout).toContain('Validation: passed');
    expect(result.stdout).toMatch(/✓ /);
    proposalId = /Proposal (prop-\S+): generated/.exec(result.stdout)?.[1] ?? '';
    expect(proposalId).not.toBe('');
  });

  it('insights list and proposals list show what the runs stored, as tables or JSON arrays', async () => {
    const insights = await runCliIn(['insights', 'list', '--json'], env, repo.dir);
    expect(insights.code, insights.stderr).toBe(0);
    const artifacts = JSON.parse(insights.stdout) as {
      artifact_id: string;
      session_id: string;
      goal: string;
    }[];
    expect(artifacts).toHaveLength(2);
    expect(artifacts.map((a) => a.artifact_id)).toContain(insightId);
    expect(artifacts[0]).toMatchObject({ session_id: SESSION, goal: 'Run a failing command' });
    const table = await runCliIn(
      ['insights', 'list', '--session', SESSION.slice(-12)],
      { ...env, COLUMNS: '80' },
      repo.dir,
    );
    expect(table.stdout).toMatch(/^INSIGHT\s+SESSION\s+MODE\s+OUTCOME\s+GOAL\n/);
    expect(table.stdout).toContain(`${insightId.split('~')[1]}  ${SESSION.slice(-12)}  fork  not_achieved`);
    expect(table.stdout).toContain('2 insights.');

    const proposals = await runCliIn(['proposals', 'list', '--json'], env, repo.dir);
    const listed = JSON.parse(proposals.stdout) as {
      proposal_id: string;
      status: string;
      files_touched: string[];
    }[];
    expect(listed).toEqual([
      expect.objectContaining({ proposal_id: proposalId, status: 'generated', files_touched: ['AGENTS.md'] }),
    ]);
    const proposalTable = await runCliIn(['proposals', 'list'], { ...env, COLUMNS: '120' }, repo.dir);
    expect(proposalTable.stdout).toMatch(/^PROPOSAL\s+STATUS\s+SESSION\s+CREATED\s+FILES\s+SINCE APPLIED\n/);
    expect(proposalTable.stdout).toMatch(
      new RegExp(`${proposalId}\\s+generated\\s+${SESSION.slice(-12)}\\s+\\S+ \\S+\\s+AGENTS\\.md`),
    );
    const none = await runCliIn(['proposals', 'list', '--session', 'ffffffffffff'], env, repo.dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No session "ffffffffffff" in the proposals of /);
  });

  it('proposals apply without --yes shows the diff and the checks and changes nothing; with --yes it applies', async () => {
    const shown = await runCliIn(['proposals', 'apply', proposalId], env, repo.dir);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`+${ADDED}`);
    expect(shown.stdout).toContain('Nothing was changed');
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(AGENTS);

    const applied = await runCliIn(['proposals', 'apply', proposalId, '--yes'], env, repo.dir);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('AGENTS.md');
    expect(await readFile(join(repo.dir, 'AGENTS.md'), 'utf8')).toBe(`${AGENTS}${ADDED}\n`);

    const again = await runCliIn(['proposals', 'apply', proposalId, '--yes'], env, repo.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already/i);
  });
});
