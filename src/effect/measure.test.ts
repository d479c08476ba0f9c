import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, makeSession, output, user } from '../../test/helpers/analytics.js';
import { type GitRepo, git, makeGitRepo } from '../../test/helpers/git-repo.js';
import type { ProposalMeta } from '../proposals/meta.js';
import { proposalDir } from '../proposals/place.js';
import { saveProposal } from '../proposals/state.js';
import type { SessionDetail, SessionSummary } from '../sessions/types.js';
import { createEffectMeter, type EffectSessionSource } from './measure.js';
import { effectOfProposal } from './proposal-effect.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1, 9);
const day = (n: number) => new Date(T0 + n * DAY).toISOString();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let counter = 0;
/** A session of `commands` shell commands, `failed` of them exiting 1, started on day `n` in `cwd`. */
function session(n: number, cwd: string, failed: number, extra: Partial<SessionDetail['metadata']> = {}) {
  counter++;
  const id = `01a30000-0000-7000-8000-${String(counter).padStart(12, '0')}`;
  const entries = [user(0, 'do the task')];
  for (let i = 0; i < 10; i++) {
    entries.push(call(1, `c${i}`, 'exec_command', { cmd: `step ${i}` }));
    entries.push(output(1, `c${i}`, { exit: i < failed ? 1 : 0 }));
  }
  const detail = makeSession(id, entries, {
    meta: {
      cwd,
      started_at: day(n),
      updated_at: day(n),
      tokens: { input: 0, cached_input: 0, output: 0, reasoning: 0, total: 1000 },
      ...extra,
    },
  });
  return detail;
}

function source(details: SessionDetail[]): EffectSessionSource & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    list(options) {
      asked.push(options);
      return {
        sessions: details.map(
          ({ metadata: m }) => ({ ...m, subagents: { ...m.subagents } }) as unknown as SessionSummary,
        ),
      };
    },
    get: (id) => details.find((d) => d.id === id) ?? null,
  };
}

function commitAt(repo: GitRepo, when: string, path: string, text: string, message: string): string {
  mkdirSync(join(repo.dir, path, '..'), { recursive: true });
  writeFileSync(join(repo.dir, path), text);
  git(repo.dir, ['add', '-A']);
  execGit(repo, ['commit', '-q', '-m', message], when);
  return git(repo.dir, ['rev-parse', 'HEAD']).trim();
}

function execGit(repo: GitRepo, args: string[], when: string): void {
  const previous = { a: process.env.GIT_AUTHOR_DATE, c: process.env.GIT_COMMITTER_DATE };
  process.env.GIT_AUTHOR_DATE = when;
  process.env.GIT_COMMITTER_DATE = when;
  try {
    git(repo.dir, args);
  } finally {
    if (previous.a === undefined) delete process.env.GIT_AUTHOR_DATE;
    else process.env.GIT_AUTHOR_DATE = previous.a;
    if (previous.c === undefined) delete process.env.GIT_COMMITTER_DATE;
    else process.env.GIT_COMMITTER_DATE = previous.c;
  }
}

async function recordApplied(
  repo: GitRepo,
  stateDir: string,
  id: string,
  at: string,
  after: string,
  before: string,
) {
  const filesChanged = [{ path: 'AGENTS.md', before_sha256: sha256(before), after_sha256: sha256(after) }];
  const meta: ProposalMeta = {
    proposal_id: id,
    session_id: '01a30000-0000-7000-8000-ffffffffffff',
    insight_artifact_id: null,
    job_id: null,
    mode: 'fork',
    status: 'applied',
    created_at: at,
    summary: 'Explain exit code 3',
    files_touched: ['AGENTS.md'],
    safety_notes: [],
    codex_thread_id: null,
    prompt: null,
    model: null,
    base: [],
    options: { allow_subtree_agents: false, allow_paths: [] },
    validation: null,
    applied_at: at,
    files_changed: filesChanged,
    audit: [{ at, action: 'applied', detail: { files_changed: filesChanged } }],
  };
  await saveProposal({ repoRoot: repo.dir, stateDir }, meta, '');
  writeFileSync(join(repo.dir, 'AGENTS.md'), after);
}

const PROPOSAL = 'prop-20261021T090000000Z-0a1b2c3d';

describe('createEffectMeter', () => {
  let repo: GitRepo;
  let stateDir: string;
  beforeEach(() => {
    repo = makeGitRepo({ 'README.md': '# app\n' });
    stateDir = join(repo.outside, 'state');
  });
  afterEach(() => repo.cleanup());

  it('measures a hand commit and an applied proposal, each against the sessions up to the other', async () => {
    commitAt(repo, day(0), 'AGENTS.md', '# Agents\n', 'Add AGENTS.md');
    commitAt(repo, day(10), 'AGENTS.md', '# Agents\n\nRun npm test.\n', 'Say how to test');
    await recordApplied(
      repo,
      stateDir,
      PROPOSAL,
      day(20),
      '# Agents\n\nRun npm test.\nExit 3: run fixtures.\n',
      '# Agents\n\nRun npm test.\n',
    );
    const details = [
      ...[1, 2, 3, 4, 5].map((n) => session(n, repo.dir, 4)),
      ...[11, 12, 13, 14, 15, 16].map((n) => session(n, join(repo.dir, 'src'), 2)),
      ...[21, 22].map((n) => session(n, repo.dir, 0)),
      session(23, '/elsewhere', 9),
    ];
    const sessions = source(details);
    const meter = createEffectMeter({ sessions, stateDir, now: () => new Date(T0 + 40 * DAY) });
    const effects = await meter.measureRepo(repo.dir);
    expect(sessions.asked).toEqual([{ includeOwn: false, includeSubagents: false }]);
    expect(
      effects.changes.map((c) => [c.kind, c.at, c.effect.before.sessions, c.effect.after.sessions]),
    ).toEqual([
      ['commit', day(0), 0, 5],
      ['commit', day(10), 5, 6],
      ['proposal', day(20), 6, 2],
    ]);
    const hand = effects.changes[1]!.effect;
    expect(hand.verdict).toBe('improved');
    expect(hand.summary).toMatch(
      /^since committed: 6 sessions \(5 before\), failed commands 40% → 20% \(better, p = /,
    );
    const proposal = effectOfProposal(effects, PROPOSAL)!;
    expect(proposal).toMatchObject({ since: day(20), verdict: 'not_enough_sessions', problems: [] });
    expect(proposal.summary).toBe(
      'since applied: 2 sessions — not enough sessions yet (5 needed before and after; 6 before)',
    );
    expect(proposal.after.bound).toBe('now');
  });

  it('does not count the commit of an applied proposal as a second change', async () => {
    const before = '# Agents\n';
    const after = '# Agents\n\nExit 3: run fixtures.\n';
    await recordApplied(repo, stateDir, PROPOSAL, day(20), after, before);
    commitAt(repo, day(21), 'AGENTS.md', after, 'Apply the proposal');
    commitAt(repo, day(22), 'AGENTS.md', `${after}Keep commits small.\n`, 'A hand edit');
    const effects = await createEffectMeter({
      sessions: source([]),
      stateDir,
      now: () => new Date(T0 + 40 * DAY),
    }).measureRepo(repo.dir);
    expect(effects.changes.map((c) => [c.kind, c.title])).toEqual([
      ['proposal', 'Explain exit code 3'],
      ['commit', 'A hand edit'],
    ]);
  });

  it('leaves out sessions of a nested repository and of another checkout, and keeps those of a moved one', async () => {
    git(repo.dir, ['remote', 'add', 'origin', 'git@github.com:owner/app.git']);
    commitAt(repo, day(10), 'AGENTS.md', '# Agents\n\nRun npm test.\n', 'Say how to test');
    mkdirSync(join(repo.dir, 'vendor', 'lib', '.git'), { recursive: true });
    const otherCheckout = join(repo.outside, 'app-copy');
    mkdirSync(otherCheckout);
    const moved = { repo_hint: 'app', git: { repository_url: 'https://github.com/owner/app' } };
    const details = [
      session(5, repo.dir, 1),
      session(6, join(repo.dir, 'vendor', 'lib'), 1),
      session(7, join(repo.outside, 'old-place', 'app'), 1, moved),
      session(8, otherCheckout, 1, moved),
      session(9, join(repo.outside, 'gone', 'app'), 1, {
        ...moved,
        git: { repository_url: 'https://github.com/someone-else/app' },
      }),
    ];
    const effects = await createEffectMeter({
      sessions: source(details),
      stateDir,
      now: () => new Date(T0 + 40 * DAY),
    }).measureRepo(repo.dir);
    const hand = effects.changes.find((c) => c.title === 'Say how to test')!;
    expect(hand.effect.before.session_ids).toEqual([details[0]!.id, details[2]!.id]);
  });

  it('measures proposals alone in a repository with no commits, and ignores a proposal folder codex-retro never recorded', async () => {
    git(repo.dir, ['update-ref', '-d', 'HEAD']);
    await recordApplied(repo, stateDir, PROPOSAL, day(20), '# Agents\n\nmore\n', '# Agents\n');
    const planted = proposalDir(repo.dir, 'prop-20261022T090000000Z-0a1b2c3e');
    mkdirSync(planted, { recursive: true });
    writeFileSync(
      join(planted, 'meta.json'),
      JSON.stringify({ proposal_id: 'prop-20261022T090000000Z-0a1b2c3e', status: 'applied' }),
    );
    const effects = await createEffectMeter({
      sessions: source([]),
      stateDir,
      now: () => new Date(T0 + 40 * DAY),
    }).measureRepo(repo.dir);
    expect(effects.problems).toEqual([]);
    expect(effects.changes.map((c) => c.id)).toEqual([`proposal:${PROPOSAL}@${day(20)}`]);
  });

  it('reads a subject holding git log separators and a path with spaces and other scripts whole', async () => {
    commitAt(
      repo,
      day(0),
      '.codex/skills/ünï code/SKILL.md',
      '---\nname: x\ndescription: y\n---\n',
      'One\x1etwo\x1fthree',
    );
    commitAt(repo, day(1), 'docs/AGENTS.md', '# Docs\n', 'Nested guidance');
    const effects = await createEffectMeter({
      sessions: source([]),
      stateDir,
      now: () => new Date(T0 + 40 * DAY),
    }).measureRepo(repo.dir);
    expect(effects.changes.map((c) => [c.title, c.files])).toEqual([
      ['One\x1etwo\x1fthree', ['.codex/skills/ünï code/SKILL.md']],
      ['Nested guidance', ['docs/AGENTS.md']],
    ]);
  });

  it('dates a change merged from a branch at the merge, once', async () => {
    commitAt(repo, day(0), 'AGENTS.md', '# Agents\n', 'Add AGENTS.md');
    git(repo.dir, ['checkout', '-q', '-b', 'topic']);
    commitAt(
      repo,
      day(5),
      '.codex/skills/test/SKILL.md',
      '---\nname: test\ndescription: Run tests.\n---\n',
      'Add a skill',
    );
    git(repo.dir, ['checkout', '-q', 'main']);
    commitAt(repo, day(6), 'README.md', '# app\n\nmore\n', 'Unrelated');
    execGit(repo, ['merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic'], day(9));
    const effects = await createEffectMeter({
      sessions: source([]),
      stateDir,
      now: () => new Date(T0 + 40 * DAY),
    }).measureRepo(repo.dir);
    expect(effects.changes.map((c) => [c.title, c.at, c.files])).toEqual([
      ['Add AGENTS.md', day(0), ['AGENTS.md']],
      ['Merge topic', day(9), ['.codex/skills/test/SKILL.md']],
    ]);
  });

  it('leaves out a session that cannot be read, and says so; a history git cannot read is a problem, not a failure', async () => {
    commitAt(repo, day(10), 'AGENTS.md', '# Agents\n', 'Add AGENTS.md');
    const details = [session(5, repo.dir, 1), session(6, repo.dir, 1)];
    const sessions = source(details);
    const broken = {
      ...sessions,
      get: (id: string) => (id === details[1]!.id ? Promise.reject(new Error('EACCES')) : details[0]!),
    };
    const effects = await createEffectMeter({
      sessions: broken,
      stateDir,
      now: () => new Date(T0 + 40 * DAY),
    }).measureRepo(repo.dir);
    expect(effects.changes[0]!.effect.before.sessions).toBe(1);
    expect(effects.problems).toEqual([
      `1 session(s) of ${repo.dir} could not be read (the rollout vanished or is unreadable) and are left out.`,
    ]);

    await recordApplied(repo, stateDir, PROPOSAL, day(20), '# Agents\n\nmore\n', '# Agents\n');
    writeFileSync(join(repo.dir, '.git', 'HEAD'), 'not a ref\n');
    const unreadable = await createEffectMeter({
      sessions: source([]),
      stateDir,
      now: () => new Date(T0 + 40 * DAY),
    }).measureRepo(repo.dir);
    expect(unreadable.changes.map((c) => c.kind)).toEqual(['proposal']);
    expect(unreadable.problems[0]).toMatch(
      /^The git history of .* could not be read \(.+\); only proposals applied with codex-retro are measured\.$/,
    );
  });

  it('reads the sessions of the changes asked for only, each once however often it is asked', async () => {
    commitAt(repo, day(0), 'AGENTS.md', '# Agents\n', 'Add AGENTS.md');
    commitAt(repo, day(10), 'AGENTS.md', '# Agents\n\nmore\n', 'More');
    const details = [1, 2, 11, 12].map((n) => session(n, repo.dir, 1));
    const read: string[] = [];
    const sessions = {
      ...source(details),
      get: (id: string) => {
        read.push(id);
        return details.find((d) => d.id === id) ?? null;
      },
    };
    const meter = createEffectMeter({ sessions, stateDir, now: () => new Date(T0 + 40 * DAY) });
    const wanted = (change: { title: string }) => change.title === 'Add AGENTS.md';
    const effects = await meter.measureRepo(repo.dir, wanted);
    expect(effects.changes.map((c) => c.title)).toEqual(['Add AGENTS.md']);
    // Its after side ends at the next change: days 1 and 2 only.
    expect(read).toEqual([details[0]!.id, details[1]!.id]);
    await meter.measureRepo(repo.dir, wanted);
    expect(read).toHaveLength(2);
  });

  it('reads no sessions for a repository that has no changes to measure', async () => {
    git(repo.dir, ['update-ref', '-d', 'HEAD']);
    const sessions = source([session(1, repo.dir, 1)]);
    const effects = await createEffectMeter({ sessions, stateDir }).measureRepo(repo.dir);
    expect(effects.changes).toEqual([]);
    expect(sessions.asked).toEqual([]);
  });
});
