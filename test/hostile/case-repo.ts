import {
  appendFileSync,
  chmodSync,
  closeSync,
  cpSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '../helpers/git-repo.js';
import {
  type BackupSpec,
  expandDeep,
  expandText,
  type FileSpec,
  type HostileCase,
  type TamperSpec,
} from './cases.js';

/** The repository every case starts from: instructions Codex may change, and files it must never touch. */
const BASE_FILES: Record<string, FileSpec> = {
  '.gitignore': '.env\n',
  'AGENTS.md': '# Agents\n\nRun npm test before you commit.\n',
  '.codex/skills/review/SKILL.md':
    '---\nname: review\ndescription: Review a change before it is merged.\n---\n\n# Review\n\nRead the diff twice.\n',
  '.codex/skills/review/references/checklist.md': '- tests\n- docs\n',
  '.codex/skills/review/scripts/run.sh': { text: '#!/bin/sh\necho review\n', mode: '755' },
  'pkg/AGENTS.md': '# Package agents\n',
  'package.json': '{\n  "name": "demo",\n  "scripts": { "test": "node --test" }\n}\n',
  '.github/workflows/ci.yml':
    'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
  'src/index.ts': 'export const answer = 42;\n',
  'README.md': '# Demo\n',
};

/** The Codex session every proposal is made from (a three-turn session of the fixture corpus). */
export const SESSION_ID = '01a2011f-cb9a-7771-9de2-5d56ef3e5dd4';

export interface CaseRepo {
  /** Holds `repo/` and `secret.txt`; hooks and filters that run would leave a file here. */
  outside: string;
  dir: string;
  cleanup(): void;
}

function writeSpec(path: string, spec: FileSpec): void {
  mkdirSync(dirname(path), { recursive: true });
  if (typeof spec === 'string') {
    writeFileSync(path, spec);
    return;
  }
  writeFileSync(path, spec.base64 !== undefined ? Buffer.from(spec.base64, 'base64') : (spec.text ?? ''));
  chmodSync(path, spec.mode === '755' ? 0o755 : 0o644);
}

function proposalFolder(dir: string, id: string): string {
  return join(dir, '.codex-orchestrator', 'proposals', id);
}

/** A backup in the format codex-retro writes beside a proposal while an apply runs. */
function formatBackup(backup: BackupSpec): string {
  return JSON.stringify({
    operation: backup.operation,
    files: backup.files.map((file) => ({
      path: file.path,
      bytes: file.text === null ? null : Buffer.from(file.text).toString('base64'),
      mode: file.text === null ? null : (file.mode ?? 0o644),
    })),
    missingDirs: backup.missingDirs,
  });
}

function mergeDeep(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    const bothObjects =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current !== null &&
      typeof current === 'object' &&
      !Array.isArray(current);
    out[key] = bothObjects
      ? mergeDeep(current as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return out;
}

/** A meta.json that passes the schema, as a generated, validated proposal would have it. */
function plantedMeta(id: string, overrides: Record<string, unknown>): Record<string, unknown> {
  const at = '2026-11-22T03:15:00.123Z';
  return mergeDeep(
    {
      proposal_id: id,
      session_id: SESSION_ID,
      insight_artifact_id: null,
      job_id: null,
      mode: 'fork',
      status: 'generated',
      created_at: at,
      summary: 'Tighten the review skill.',
      files_touched: [],
      safety_notes: [],
      codex_thread_id: null,
      prompt: null,
      model: null,
      base: [],
      options: { allow_subtree_agents: false, allow_paths: [] },
      validation: { ok: true, stale: false, checked_at: at, checks: [] },
      audit: [{ at, action: 'created', detail: { status: 'generated' } }],
      error: null,
    },
    overrides,
  );
}

/**
 * Builds the case's repository with real git: base files and the case's own committed (with modes and
 * symlinks, and a planted proposal folder when the case has one), then what is never committed (ignored
 * and untracked files, sparse files, `.git/config` additions, hooks).
 */
export function buildCaseRepo(hostile: HostileCase, insightsFrom: string): CaseRepo {
  const outside = mkdtempSync(join(tmpdir(), 'retro-hostile-'));
  const dir = join(outside, 'repo');
  mkdirSync(dir);
  const vars = { outside };
  const repo = expandDeep(hostile.repo, vars);
  git(dir, ['init', '-q', '-b', 'main']);
  const files = { ...BASE_FILES, ...repo.files };
  for (const path of repo.remove) delete files[path];
  for (const [path, spec] of Object.entries(files)) writeSpec(join(dir, path), spec);
  for (const [path, target] of Object.entries(repo.symlinks)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  if (hostile.planted) {
    const planted = expandDeep(hostile.planted, vars);
    const folder = proposalFolder(dir, planted.id);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'meta.json'),
      `${JSON.stringify(plantedMeta(planted.id, planted.meta), null, 2)}\n`,
    );
    writeFileSync(
      join(folder, 'proposal.diff'),
      expandText(hostile.diff ?? '', { outside, proposalId: planted.id }),
    );
    if (planted.backup) writeFileSync(join(folder, '.backup.json'), formatBackup(planted.backup));
  }
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'initial']);

  writeFileSync(join(dir, '.env'), 'API_URL=http://127.0.0.1\n');
  writeFileSync(join(dir, 'notes.txt'), 'untracked notes\n');
  writeFileSync(join(outside, 'secret.txt'), 'outside the repository\n');
  for (const [path, spec] of Object.entries(repo.untracked)) writeSpec(join(dir, path), spec);
  for (const path of repo.untracked_dirs) mkdirSync(join(dir, path), { recursive: true });
  for (const [path, target] of Object.entries(repo.untracked_symlinks)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  for (const [path, size] of Object.entries(repo.sparse)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    // ftruncate on an empty file: the size is a hole, no byte is written.
    const fd = openSync(join(dir, path), 'w');
    try {
      ftruncateSync(fd, size);
    } finally {
      closeSync(fd);
    }
  }
  if (repo.git_config !== undefined) appendFileSync(join(dir, '.git', 'config'), repo.git_config);
  for (const [name, script] of Object.entries(repo.hooks)) {
    writeFileSync(join(dir, '.git', 'hooks', name), script);
    chmodSync(join(dir, '.git', 'hooks', name), 0o755);
  }
  cpSync(insightsFrom, join(dir, '.codex-orchestrator', 'insights'), { recursive: true });
  return { outside, dir, cleanup: () => rmSync(outside, { recursive: true, force: true }) };
}

function readMeta(dir: string, id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(proposalFolder(dir, id), 'meta.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

function writeMeta(dir: string, id: string, meta: Record<string, unknown>): void {
  writeFileSync(join(proposalFolder(dir, id), 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Does to the repository what the case says happens between Codex's answer and the apply. */
export function tamperRepo(repo: CaseRepo, proposalId: string, steps: TamperSpec[]): void {
  const vars = { outside: repo.outside, proposalId, repoDir: repo.dir };
  for (const raw of steps) {
    const step = expandDeep(raw, vars);
    if (step.op === 'merge_meta') {
      writeMeta(repo.dir, proposalId, mergeDeep(readMeta(repo.dir, proposalId), step.set));
    } else if (step.op === 'plant_backup') {
      writeFileSync(join(proposalFolder(repo.dir, proposalId), '.backup.json'), formatBackup(step.backup));
    } else if (step.op === 'write') {
      mkdirSync(dirname(join(repo.dir, step.path)), { recursive: true });
      writeFileSync(join(repo.dir, step.path), step.text);
    } else if (step.op === 'append') {
      appendFileSync(join(repo.dir, step.path), step.text);
    } else if (step.op === 'symlink') {
      rmSync(join(repo.dir, step.path), { recursive: true, force: true });
      symlinkSync(step.target, join(repo.dir, step.path));
    } else {
      cpSync(proposalFolder(repo.dir, proposalId), proposalFolder(repo.dir, step.to), { recursive: true });
      writeMeta(repo.dir, step.to, mergeDeep(readMeta(repo.dir, step.to), step.set));
    }
  }
}
