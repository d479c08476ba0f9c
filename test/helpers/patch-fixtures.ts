import { chmodSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRetroError, type RetroError } from '../../src/errors.js';
import type { CreateProposalInput } from '../../src/proposals/meta.js';
import type { ProposalPlace } from '../../src/proposals/place.js';
import { type GitRepo, git, makeGitRepo } from './git-repo.js';

const FIXTURE_ROOT = fileURLToPath(new URL('../fixtures/patches/', import.meta.url));

/** The repository every patch fixture is written against. */
const BASE_FILES: Record<string, string> = {
  '.gitignore': '.env\n',
  'AGENTS.md': '# Agents\n\nRun npm test before you commit.\n',
  '.codex/skills/review/SKILL.md':
    '---\nname: review\ndescription: Review a change before it is merged.\n---\n\n# Review\n\nRead the diff twice.\n',
  '.codex/skills/review/references/checklist.md': '- tests\n- docs\n',
  '.codex/skills/review/scripts/run.sh': '#!/bin/sh\necho review\n',
  'pkg/AGENTS.md': '# Package agents\n',
  'src/index.ts': 'export const answer = 42;\n',
  'README.md': '# Demo\n',
};

/**
 * One patch case: `#! key: value` lines at the top say what to expect and how to set the repo up,
 * the rest is the diff exactly as a model might write it. `{{LINES n text}}` expands to n added lines.
 */
export interface PatchFixture {
  name: string;
  expect: string;
  status: number;
  options: { allow_subtree_agents?: boolean; allow_paths?: string[] };
  symlinks: [string, string][];
  executables: string[];
  afterCreate: string[];
  /** Files of `filler line` repeated up to the given size, written before the proposal is made. */
  bigFiles: [string, number][];
  /** Files committed with the given text (a JSON string), replacing the base repository's. */
  files: [string, string][];
  diff: string;
}

export function listFixtures(kind: 'hostile' | 'good'): string[] {
  return readdirSync(join(FIXTURE_ROOT, kind))
    .filter((name) => name.endsWith('.diff'))
    .map((name) => name.slice(0, -'.diff'.length))
    .sort();
}

export function loadFixture(kind: 'hostile' | 'good', name: string): PatchFixture {
  const text = readFileSync(join(FIXTURE_ROOT, kind, `${name}.diff`), 'utf8');
  const lines = text.split('\n');
  const fixture: PatchFixture = {
    name,
    expect: 'ok',
    status: 422,
    options: {},
    symlinks: [],
    executables: [],
    afterCreate: [],
    bigFiles: [],
    files: [],
    diff: '',
  };
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('#! '); i++) {
    const [key, ...rest] = lines[i]!.slice(3).split(': ');
    const value = rest.join(': ');
    if (key === 'expect') fixture.expect = value;
    else if (key === 'status') fixture.status = Number(value);
    else if (key === 'options') fixture.options = JSON.parse(value) as PatchFixture['options'];
    else if (key === 'symlink') fixture.symlinks.push(value.split(' -> ') as [string, string]);
    else if (key === 'executable') fixture.executables.push(value);
    else if (key === 'after-create') fixture.afterCreate.push(value);
    else if (key === 'file') {
      const at = value.indexOf(' ');
      fixture.files.push([value.slice(0, at), JSON.parse(value.slice(at + 1)) as string]);
    } else if (key === 'big-file') {
      const [path, size] = value.split(' ');
      fixture.bigFiles.push([path!, Number(size)]);
    } else throw new Error(`${name}: unknown fixture header ${key}`);
  }
  fixture.diff = lines
    .slice(i)
    .join('\n')
    .replace(/^\{\{LINES (\d+) (.*)\}\}$/gm, (_, count: string, line: string) =>
      Array.from({ length: Number(count) }, () => `+${line}`).join('\n'),
    );
  return fixture;
}

/** The base repository with the fixture's symlinks and executables, plus untracked and ignored files. */
export function makeFixtureRepo(fixture?: PatchFixture): GitRepo {
  const repo = makeGitRepo({ ...BASE_FILES, ...Object.fromEntries(fixture?.files ?? []) });
  writeFileSync(join(repo.dir, '.env'), 'API_URL=http://127.0.0.1\n');
  writeFileSync(join(repo.dir, 'notes.txt'), 'untracked notes\n');
  writeFileSync(join(repo.outside, 'secret.txt'), 'outside the repository\n');
  for (const [path, target] of fixture?.symlinks ?? []) symlinkSync(target, join(repo.dir, path));
  for (const [path, size] of fixture?.bigFiles ?? []) {
    writeFileSync(join(repo.dir, path), 'filler line\n'.repeat(Math.ceil(size / 12)));
  }
  for (const path of fixture?.executables ?? []) {
    chmodSync(join(repo.dir, path), 0o755);
    git(repo.dir, ['add', path]);
    git(repo.dir, ['commit', '-q', '-m', `make ${path} executable`]);
  }
  return repo;
}

export const TEST_SESSION = '019a0000-0000-7000-8000-000000000001';

/** What workflow B would hand over for `diff`, with a fixed session and no job. */
export function proposalInput(
  proposalId: string,
  diff: string,
  options: PatchFixture['options'] = {},
): CreateProposalInput {
  return {
    proposal_id: proposalId,
    session_id: TEST_SESSION,
    insight_artifact_id: null,
    job_id: null,
    mode: 'fork',
    diff,
    summary: 'A proposal made in a test.',
    files_touched: [],
    safety_notes: [],
    codex_thread_id: null,
    prompt: null,
    model: null,
    options,
  };
}

let counter = 0;

/** A fresh, well-formed proposal id. */
export function nextProposalId(): string {
  counter++;
  return `prop-20261122T031500123Z-${(counter + process.pid * 1000).toString(16).padStart(8, '0').slice(-8)}`;
}

/** The RetroError a promise is refused with; fails the test if it resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<RetroError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isRetroError(outcome)) throw new Error(`expected a RetroError, got ${String(outcome)}`);
  return outcome;
}

/** Where a test repository's proposals live: the repo, and a state folder beside it (outside the repo). */
export function placeOf(repo: GitRepo): ProposalPlace {
  return { repoRoot: repo.dir, stateDir: join(repo.outside, 'state') };
}
