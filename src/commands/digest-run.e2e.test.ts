import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCodexHome, type TempCodexHome } from '../../test/helpers/codex-home.js';
import { makeGitRepo } from '../../test/helpers/git-repo.js';
import { type ModelRequest, type ModelServer, startModelServer } from '../../test/helpers/model-server.js';
import { runCliIn } from '../../test/helpers/run-cli.js';

/**
 * A session Codex cannot continue (0.20–0.28 format: no cli_version), run through the CLI as a person runs
 * it, with the real codex CLI and the project's model server: insights and proposals choose a digest run on
 * their own and say so, Codex gets the redacted digest in a new session (no fork), the original rollout stays
 * byte for byte, and every record says `digest`. Asking for a fork is refused before Codex runs.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OLD = '6e8a0c2e-4f6a-4b8c-9d0e-0000000000b2';
const OLD_NAME = `rollout-2025-08-21T09-00-00-${OLD}.jsonl`;
const FIXTURE = join(ROOT, 'test/fixtures/rollouts/continuation', OLD_NAME);
const SECRETS = ['ghp_Zq7Wm2Xc9Vb4Nn8Lk3Jh6Gf1Dd5Ss0Aa2Pp7', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Xk2Lm9T'];
const AGENTS = '# Agents\n\nRun npm test.\n';
const ADDED = 'Never print credentials from deploy scripts.';
const DIFF = `--- a/AGENTS.md\n+++ b/AGENTS.md\n@@ -1,3 +1,4 @@\n # Agents\n \n Run npm test.\n+${ADDED}\n`;
const INSIGHT = {
  goal: 'Find out why the deploy fails',
  outcome: { status: 'partly_achieved', summary: 'The registry refused the push.' },
  what_worked: [],
  friction: [{ point: 'The script prints a secret', evidence: [{ quote: 'quokka-overflow', entry: 6 }] }],
  recommendations: [{ title: 'Stop printing secrets', detail: 'Say so in AGENTS.md', target: 'agents_md' }],
};

/** Every text of a user-role message in a request's input. */
function userTexts(request: ModelRequest): string[] {
  const input: { type?: string; role?: string; content?: { text?: string }[] }[] = request.body.input ?? [];
  return input
    .filter((item) => item.type === 'message' && item.role === 'user')
    .map((item) => (item.content ?? []).map((part) => part.text ?? '').join(''));
}

describe('insights and proposals on a session Codex cannot continue', () => {
  let model: ModelServer;
  let home: TempCodexHome;
  let repo: ReturnType<typeof makeGitRepo>;
  let temp: string;
  let env: NodeJS.ProcessEnv;
  let common: string[];
  let original: string;
  let originalBytes: Buffer;

  beforeAll(async () => {
    model = await startModelServer((request) => {
      if (!request.hasSchema) return { kind: 'message', text: 'ok' };
      if (request.userText.includes('Improve the instructions this repository gives Codex')) {
        return {
          kind: 'json',
          value: {
            diff: DIFF,
            summary: 'No secrets in output',
            files_touched: ['AGENTS.md'],
            safety_notes: [],
          },
        };
      }
      return { kind: 'json', value: INSIGHT };
    });
    home = await makeCodexHome({ modelServerUrl: model.url });
    const day = join(home.dir, 'sessions', '2025', '08', '21');
    await mkdir(day, { recursive: true });
    original = join(day, OLD_NAME);
    await copyFile(FIXTURE, original);
    originalBytes = await readFile(original);
    repo = makeGitRepo({ 'AGENTS.md': AGENTS });
    temp = await mkdtemp(join(tmpdir(), 'digest-e2e-'));
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
    repo?.cleanup();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  /** The rollouts Codex wrote for codex-retro's runs: every one a new session, none a fork. */
  async function newRollouts(): Promise<string[]> {
    const files = await readdir(join(home.dir, 'sessions'), { recursive: true });
    return files.filter((file) => file.endsWith('.jsonl') && !file.endsWith(OLD_NAME));
  }

  async function expectNewSessionsOnly(count: number) {
    const files = await newRollouts();
    expect(files).toHaveLength(count);
    for (const file of files) {
      const first = JSON.parse((await readFile(join(home.dir, 'sessions', file), 'utf8')).split('\n')[0]!);
      expect(first.type).toBe('session_meta');
      expect(first.payload.forked_from_id ?? null).toBeNull();
      expect(first.payload.id).not.toBe(OLD);
    }
  }

  let insightId = '';

  it('insights run chooses a digest run, says why on stderr, and sends Codex the redacted digest', async () => {
    const result = await runCliIn(['insights', 'run', '--session', OLD, '--json', ...common], env, repo.dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'Codex cannot continue this session: it was written by Codex before 0.34',
    );
    expect(result.stderr).toContain('It runs on a digest of the transcript instead.');
    expect(result.stderr).toMatch(new RegExp(`Running insights on ${OLD} \\(digest\\) as job-`));
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ session_id: OLD, mode: 'digest', json: INSIGHT });
    expect(out.mode_reason).toMatch(
      /^Codex cannot continue this session: it was written by Codex before 0\.34/,
    );
    expect(out.markdown).toContain('digest run');
    insightId = out.artifact_id;

    const requests = model.requests.filter((r) => r.hasSchema);
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    // The digest is in the prompt: the session's own words, tagged by rollout line, redacted.
    expect(request.userText).toContain('This session is not in your history');
    expect(request.userText).toContain(`Session ${OLD}`);
    expect(request.userText).toMatch(/\[#\d+ user\] Why does \.\/deploy\.sh fail\?/);
    expect(request.userText).toMatch(/\[#\d+ tool tool_output shell exit 2\]/);
    expect(request.userText).toContain('quokka-overflow');
    expect(request.userText).toContain('[REDACTED:');
    // No fork: the only prompts in the history are this run's, not the session's.
    expect(userTexts(request).filter((text) => text.includes('Why does ./deploy.sh fail?'))).toHaveLength(1);
    expect(userTexts(request).some((text) => text.startsWith('Why does'))).toBe(false);
    for (const secret of SECRETS) expect(JSON.stringify(request.body)).not.toContain(secret);

    expect(await readFile(original)).toEqual(originalBytes);
    await expectNewSessionsOnly(1);

    const record = JSON.parse(
      await readFile(join(repo.dir, '.codex-orchestrator', 'runs', `${out.job_id}.json`), 'utf8'),
    );
    expect(record).toMatchObject({
      status: 'succeeded',
      mode: 'digest',
      session_id: OLD,
      sandbox: 'read-only',
      config: { mode_reason: out.mode_reason },
      codex_reported: { sandbox_policy: 'read-only', approval_policy: 'never' },
    });
    expect(record.command.slice(1, 3)).toEqual(['exec', '--json']);
    expect(record.command).not.toContain('fork');
    expect(record.command).not.toContain('resume');
    expect(record.command).not.toContain(OLD);
    expect(record.codex_thread_id).not.toBe(OLD);
    const stamp = insightId.split('~')[1];
    const stored = JSON.parse(
      await readFile(join(repo.dir, '.codex-orchestrator', 'insights', OLD, `${stamp}.json`), 'utf8'),
    );
    expect(stored).toMatchObject({ mode: 'digest', mode_reason: out.mode_reason });
  });

  it('proposals run does the same: a digest run, a new session, the original unchanged', async () => {
    const before = model.requests.length;
    const result = await runCliIn(
      ['proposals', 'run', '--session', OLD, '--insight', insightId, '--json', ...common],
      env,
      repo.dir,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      'Codex cannot continue this session: it was written by Codex before 0.34',
    );
    expect(result.stderr).toMatch(
      new RegExp(`Generating a read-only proposal for ${OLD} \\(digest\\) as job-`),
    );
    const view = JSON.parse(result.stdout);
    expect(view).toMatchObject({ session_id: OLD, mode: 'digest', status: 'generated' });
    expect(view.mode_reason).toMatch(/^Codex cannot continue this session/);

    const request = model.requests.slice(before).find((r) => r.hasSchema)!;
    expect(request.userText).toContain('Improve the instructions this repository gives Codex');
    expect(request.userText).toContain('The session is not in your history');
    expect(request.userText).toMatch(/<transcript>\nSession 6e8a0c2e-4f6a-4b8c-9d0e-0000000000b2/);
    expect(request.userText).toMatch(/\[#\d+ user\] Why does \.\/deploy\.sh fail\?/);
    for (const secret of SECRETS) expect(JSON.stringify(request.body)).not.toContain(secret);

    expect(await readFile(original)).toEqual(originalBytes);
    await expectNewSessionsOnly(2);
    const record = JSON.parse(
      await readFile(join(repo.dir, '.codex-orchestrator', 'runs', `${view.job_id}.json`), 'utf8'),
    );
    expect(record).toMatchObject({ mode: 'digest', sandbox: 'read-only' });
    expect(record.command).not.toContain('fork');
    const mirror = JSON.parse(
      await readFile(
        join(repo.dir, '.codex-orchestrator', 'proposals', view.proposal_id, 'meta.json'),
        'utf8',
      ),
    );
    expect(mirror.mode).toBe('digest');
  });

  it('an explicit --mode fork or resume is refused up front with the reason, before Codex runs', async () => {
    const before = model.requests.length;
    const rollouts = (await newRollouts()).length;
    for (const mode of ['fork', 'resume']) {
      const result = await runCliIn(
        ['insights', 'run', '--session', OLD, '--mode', mode, ...common],
        env,
        repo.dir,
      );
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(
        `Codex cannot ${mode} session ${OLD}: it was written by Codex before 0.34`,
      );
      expect(result.stderr).toContain('digest');
      expect(result.stderr).not.toMatch(/-32603|Check the Codex CLI works/);
    }
    const proposal = await runCliIn(
      ['proposals', 'run', '--session', OLD, '--insight', insightId, '--mode', 'fork', ...common],
      env,
      repo.dir,
    );
    expect(proposal.code).toBe(1);
    expect(proposal.stderr).toContain(`Codex cannot fork session ${OLD}`);
    expect(model.requests.length).toBe(before);
    expect((await newRollouts()).length).toBe(rollouts);
    expect(await readFile(original)).toEqual(originalBytes);
  });
});
